// libcurl behind the test client.
#include "support/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>

namespace qta::e2e {

namespace {

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using ListPtr = std::unique_ptr<curl_slist, ListDeleter>;

struct Received {
  HttpResponse* response;
  std::size_t enough = 0;  // 0: read everything
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  received->response->body.append(data, size * count);
  if (received->enough > 0 && received->response->body.size() >= received->enough) return 0;  // hang up
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t\r\n") + 1);
    response->headers[name] = value;
  }
  return size * count;
}

struct GlobalInit {
  GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~GlobalInit() { curl_global_cleanup(); }
};
void ensure_global_init() { static GlobalInit init; }

}  // namespace

std::string HttpResponse::header(const std::string& lower_case_name) const {
  auto found = headers.find(lower_case_name);
  return found == headers.end() ? "" : found->second;
}

json::Value HttpResponse::json() const { return json::Value::parse(body); }

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)) { ensure_global_init(); }

HttpResponse HttpClient::request(const std::string& method, const std::string& path, const std::string& body,
                                 const std::vector<std::string>& headers, double timeout_seconds) const {
  HttpResponse response;
  Received received{&response, 0};
  EasyPtr easy(curl_easy_init());
  ListPtr list;
  for (const auto& header : headers) list.reset(curl_slist_append(list.release(), header.c_str()));
  std::string url = base_url_ + path;
  curl_easy_setopt(easy.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(easy.get(), CURLOPT_NOBODY, 1L);
  if (!body.empty()) {
    curl_easy_setopt(easy.get(), CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(easy.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(easy.get(), CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(easy.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy.get(), CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_seconds * 1000));
  curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
  CURLcode code = curl_easy_perform(easy.get());
  if (code != CURLE_OK) {
    response.error = curl_easy_strerror(code);
    return response;
  }
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

HttpResponse HttpClient::read_stream(const std::string& path, std::size_t enough,
                                     double timeout_seconds) const {
  HttpResponse response;
  Received received{&response, enough};
  EasyPtr easy(curl_easy_init());
  std::string url = base_url_ + path;
  curl_easy_setopt(easy.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(easy.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy.get(), CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_seconds * 1000));
  curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_perform(easy.get());  // ends with a write error when we hang up, or a timeout
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

struct OpenStreams::State {
  CURLM* multi = nullptr;
  std::vector<EasyPtr> handles;
  std::vector<std::unique_ptr<HttpResponse>> responses;
  std::vector<std::unique_ptr<Received>> received;
  int running = 0;
};

OpenStreams::OpenStreams(const std::string& url, int count) : state_(std::make_unique<State>()) {
  ensure_global_init();
  state_->multi = curl_multi_init();
  for (int i = 0; i < count; ++i) {
    auto response = std::make_unique<HttpResponse>();
    auto received = std::make_unique<Received>(Received{response.get(), 0});
    EasyPtr easy(curl_easy_init());
    curl_easy_setopt(easy.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, received.get());
    curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_FORBID_REUSE, 1L);
    curl_multi_add_handle(state_->multi, easy.get());
    state_->handles.push_back(std::move(easy));
    state_->responses.push_back(std::move(response));
    state_->received.push_back(std::move(received));
  }
}

OpenStreams::~OpenStreams() { close(); }

int OpenStreams::pump(double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  do {
    curl_multi_perform(state_->multi, &state_->running);
    int ignored = 0;
    curl_multi_poll(state_->multi, nullptr, 0, 20, &ignored);
  } while (std::chrono::steady_clock::now() < deadline);
  return state_->running;
}

int OpenStreams::wait_for_bytes(std::size_t enough, double timeout_seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (true) {
    int ready = 0;
    for (const auto& response : state_->responses) ready += response->body.size() >= enough ? 1 : 0;
    if (ready == static_cast<int>(state_->responses.size()) || std::chrono::steady_clock::now() > deadline) {
      return ready;
    }
    pump(0.05);
  }
}

const std::string& OpenStreams::body(std::size_t index) const { return state_->responses.at(index)->body; }

void OpenStreams::close() {
  if (state_->multi == nullptr) return;
  for (auto& easy : state_->handles) curl_multi_remove_handle(state_->multi, easy.get());
  state_->handles.clear();
  curl_multi_cleanup(state_->multi);
  state_->multi = nullptr;
}

}  // namespace qta::e2e
