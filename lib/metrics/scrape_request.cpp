// Request-line parsing for the metrics listener.
#include "metrics/scrape_request.h"

#include <algorithm>

namespace qta::metrics {

namespace {

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_target_char(char c) { return c > ' ' && c < 0x7f; }

std::string_view reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    default:
      return "Error";
  }
}

}  // namespace

ScrapeVerdict judge_request(std::string_view received) {
  std::size_t end = received.find("\r\n\r\n");
  std::size_t end_lf = received.find("\n\n");  // bare LF line ends, which curl -0 and netcat users send
  end = std::min(end, end_lf);
  if (end == std::string_view::npos) {
    return received.size() >= kMaxRequestHead ? ScrapeVerdict::kBadRequest : ScrapeVerdict::kIncomplete;
  }
  if (end >= kMaxRequestHead) return ScrapeVerdict::kBadRequest;
  std::string_view line = received.substr(0, received.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // method SP target SP HTTP/1.x
  std::size_t first_space = line.find(' ');
  if (first_space == std::string_view::npos || first_space == 0) return ScrapeVerdict::kBadRequest;
  std::string_view method = line.substr(0, first_space);
  std::string_view rest = line.substr(first_space + 1);
  std::size_t second_space = rest.find(' ');
  if (second_space == std::string_view::npos || second_space == 0) return ScrapeVerdict::kBadRequest;
  std::string_view target = rest.substr(0, second_space);
  std::string_view version = rest.substr(second_space + 1);
  if (!std::all_of(method.begin(), method.end(), is_token_char) ||
      !std::all_of(target.begin(), target.end(), is_target_char) ||
      !(version == "HTTP/1.0" || version == "HTTP/1.1")) {
    return ScrapeVerdict::kBadRequest;
  }
  std::string_view path = target.substr(0, target.find('?'));
  if (path != "/metrics") return ScrapeVerdict::kNotFound;
  if (method == "GET") return ScrapeVerdict::kScrape;
  if (method == "HEAD") return ScrapeVerdict::kHead;
  return ScrapeVerdict::kNotAllowed;
}

std::string http_answer(int status, std::string_view content_type, std::string_view body, bool with_body) {
  std::string answer = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason(status)) + "\r\n";
  answer.append("Content-Type: ").append(content_type).append("\r\n");
  answer.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  if (status == 405) answer.append("Allow: GET, HEAD\r\n");
  answer.append("Cache-Control: no-store\r\nConnection: close\r\n\r\n");
  if (with_body) answer.append(body);
  return answer;
}

std::string error_answer(ScrapeVerdict verdict) {
  switch (verdict) {
    case ScrapeVerdict::kNotFound:
      return http_answer(404, "text/plain; charset=utf-8", "Not found: only /metrics is served here.\n");
    case ScrapeVerdict::kNotAllowed:
      return http_answer(405, "text/plain; charset=utf-8", "Method not allowed: use GET.\n");
    default:
      return http_answer(400, "text/plain; charset=utf-8", "Bad request.\n");
  }
}

}  // namespace qta::metrics
