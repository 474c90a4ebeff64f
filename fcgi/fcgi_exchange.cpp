// libfcgi behind fcgi::Exchange: parameters to http::Request, http::Response to FastCGI output.
#include "fcgi/fcgi_exchange.h"

#include <fcgiapp.h>
#include <poll.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "base/log.h"
#include "http/error.h"

namespace qta::fcgi {

struct Exchange::State {
  FCGX_Request request;
  bool accepted = false;
};

void initialize_fcgi() { FCGX_Init(); }
void announce_shutdown() { FCGX_ShutdownPending(); }

Exchange::Exchange(int listen_fd) : state_(std::make_unique<State>()) {
  // FCGI_FAIL_ACCEPT_ON_INTR: a signal interrupts accept(), which is how shutdown wakes the threads.
  FCGX_InitRequest(&state_->request, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
}

Exchange::~Exchange() {
  finish();
  FCGX_Free(&state_->request, 0);
}

bool Exchange::accept() {
  state_->accepted = FCGX_Accept_r(&state_->request) == 0;
  return state_->accepted;
}

void Exchange::finish() {
  if (state_->accepted) {
    FCGX_Finish_r(&state_->request);
    state_->accepted = false;
  }
}

namespace {

std::string param(FCGX_ParamArray envp, const char* name) {
  const char* value = FCGX_GetParam(name, envp);
  return value != nullptr ? value : "";
}

// HTTP_IF_NONE_MATCH -> If-None-Match
std::string header_name(std::string_view cgi_name) {
  std::string name;
  bool upper = true;
  for (char c : cgi_name) {
    if (c == '_') {
      name += '-';
      upper = true;
    } else {
      name += upper ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      upper = false;
    }
  }
  return name;
}

std::string head(const http::Response& response, bool with_length) {
  std::string text = "Status: " + std::to_string(response.status()) + " ";
  text += http::reason_phrase(response.status());
  text += "\r\n";
  for (const auto& [name, value] : response.headers()) {
    // A line break in a value would let it add headers of its own.
    std::string line = name + ": " + value;
    std::replace_if(
        line.begin(), line.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    text += line + "\r\n";
  }
  if (with_length) text += "Content-Length: " + std::to_string(response.body().size()) + "\r\n";
  text += "\r\n";
  return text;
}

}  // namespace

http::Request Exchange::read_request() {
  FCGX_ParamArray envp = state_->request.envp;
  std::string uri = param(envp, "REQUEST_URI");
  if (uri.empty()) uri = param(envp, "SCRIPT_NAME") + param(envp, "PATH_INFO");
  http::Request request(param(envp, "REQUEST_METHOD"), uri);
  for (FCGX_ParamArray entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view setting(*entry);
    std::size_t equals = setting.find('=');
    if (equals == std::string_view::npos || !setting.starts_with("HTTP_")) continue;
    request.set_header(header_name(setting.substr(5, equals - 5)), std::string(setting.substr(equals + 1)));
  }
  if (std::string type = param(envp, "CONTENT_TYPE"); !type.empty()) request.set_header("Content-Type", type);
  std::string https = param(envp, "HTTPS");
  request.set_https(https == "on" || https == "1");
  request.set_id(param(envp, "REQUEST_ID"));
  request.set_remote_address(param(envp, "REMOTE_ADDR"));
  request.set_arrival(http::parse_msec(param(envp, "REQUEST_START")));

  std::string length_text = param(envp, "CONTENT_LENGTH");
  if (!length_text.empty()) {
    char* end = nullptr;
    unsigned long long length = std::strtoull(length_text.c_str(), &end, 10);
    if (end == length_text.c_str() || *end != '\0' || length > http::kMaxBodyBytes) {
      throw http::Error(http::ErrorCode::kPayloadTooLarge,
                        "Request body larger than " + std::to_string(http::kMaxBodyBytes) + " bytes.");
    }
    std::string body(length, '\0');
    int read = length > 0 ? FCGX_GetStr(body.data(), static_cast<int>(length), state_->request.in) : 0;
    body.resize(read > 0 ? static_cast<std::size_t>(read) : 0);
    request.set_body(std::move(body));
  }
  return request;
}

bool Exchange::peer_gone() const {
  // nginx never half-closes a FastCGI connection it still waits on, so a hang-up means it gave up. The
  // request's data stays readable after that, which is why libfcgi alone would serve it anyway.
  pollfd descriptor{state_->request.ipcFd, POLLRDHUP, 0};
  return poll(&descriptor, 1, 0) == 1 && (descriptor.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

void Exchange::write_response(const http::Response& response) {
  // libfcgi buffers both into the same records: the body is not copied behind the head first.
  std::string text = head(response, true);
  FCGX_Stream* out = state_->request.out;
  if (FCGX_PutStr(text.data(), static_cast<int>(text.size()), out) < 0) return;
  FCGX_PutStr(response.body().data(), static_cast<int>(response.body().size()), out);
}

bool Exchange::write_stream_head(const http::Response& response) {
  return write_chunk(head(response, false));
}

bool Exchange::write_chunk(std::string_view chunk) {
  FCGX_Stream* out = state_->request.out;
  if (FCGX_PutStr(chunk.data(), static_cast<int>(chunk.size()), out) < 0) return false;
  return FCGX_FFlush(out) == 0 && FCGX_GetError(out) == 0;
}

}  // namespace qta::fcgi
