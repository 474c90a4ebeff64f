#pragma once
// One FastCGI request/response exchange over libfcgi. The only place that includes fcgiapp.h.
//
// An Exchange is used by one thread at a time: an accept thread accepts and answers it, or hands it
// (with its stream) to the stream hub, which then owns it. Destroying it finishes the exchange.

#include <memory>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace qta::fcgi {

// Process-wide libfcgi set-up; call once before any thread accepts.
void initialize_fcgi();
// Makes every blocked accept in this process return (used at shutdown, with a signal to each thread).
void announce_shutdown();

class Exchange {
 public:
  explicit Exchange(int listen_fd);
  ~Exchange();
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  // Blocks until nginx sends a request; false when accept was interrupted (shutdown) or failed.
  bool accept();
  // Reads parameters and body. Throws http::Error(kPayloadTooLarge) without reading an oversized body.
  http::Request read_request();
  // True when nginx has closed the connection: it does so when the client leaves before the answer
  // (fastcgi_ignore_client_abort off), so nobody is waiting for this request any more.
  bool peer_gone() const;
  // Writes a complete response (status line, headers, body).
  void write_response(const http::Response& response);
  // Writes the status and headers of a streamed response.
  bool write_stream_head(const http::Response& response);
  // Writes and flushes one chunk of a stream; false when the peer is gone.
  bool write_chunk(std::string_view chunk);
  // Ends the exchange (closes the connection to nginx); the destructor does it too.
  void finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace qta::fcgi
