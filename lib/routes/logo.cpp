// GET /api/v3/logo/<source_type>: the PNG logo of a source type, the administrator's or the built-in one.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "base/date_time.h"
#include "http/error.h"
#include "routes/handlers.h"

namespace qta::routes {

namespace {
// Logos are small; a bigger file is not a logo and is not read into memory.
constexpr off_t kMaxLogoBytes = 4 * 1024 * 1024;
// Logos change only with an upgrade: caches may keep them for a day (other API answers are no-store).
constexpr const char* kCachePolicy = "public, max-age=86400";

// A file in the administrator's directory wins over the built-in logo of the same name.
std::string logo_path(const base::Config& config, const std::string& file_name) {
  std::string own = config.logo_dir + "/" + file_name;
  struct stat info;
  if (stat(own.c_str(), &info) == 0 && S_ISREG(info.st_mode)) return own;
  return config.builtin_logo_dir + "/" + file_name;
}
}  // namespace

http::Response get_logo(Context& context) {
  const std::string& source_type = context.param("source_type");
  if (source_type.find('/') != std::string::npos || source_type.find('\0') != std::string::npos ||
      source_type.starts_with(".")) {
    throw http::Error(http::ErrorCode::kForbidden, "Access denied.");
  }
  std::string path = logo_path(context.config, source_type + ".png");
  struct stat info;
  if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size > kMaxLogoBytes) {
    throw http::Error(http::ErrorCode::kNotFound, "Logo for source type " + source_type + " not found.");
  }
  std::string last_modified = base::http_date(info.st_mtime);
  // A 304 updates the headers of the cached copy, so it repeats how long that copy may be used.
  if (context.request.header("If-Modified-Since") == last_modified) {
    auto response = http::Response::empty(304);
    response.set_header("Last-Modified", last_modified);
    response.set_header("Cache-Control", kCachePolicy);
    return response;
  }
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  if (!file)
    throw http::Error(http::ErrorCode::kNotFound, "Logo for source type " + source_type + " not found.");
  auto response = http::Response::bytes(content.str(), "image/png");
  response.set_header("Last-Modified", last_modified);
  response.set_header("Cache-Control", kCachePolicy);
  return response;
}

}  // namespace qta::routes
