// What POST /api/v3/report/import does before it stores a report (lib/routes/report.cpp, post_report_import):
// model::import_problem, decrypt_credentials with the instance's private key, the versioning fields dropped,
// replace_report_uuids. Input: the request body.
//
// Refused reports give a well-formed 400. What would be stored passes the import check again and is a
// document the database takes (no '$', '.' or empty keys, valid UTF-8). Credentials are tried both as
// given and sealed with the instance's public key first, which anyone can do (GET /api/v3/public_key).
#include <bson/bson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/rsa_keys.h"
#include "datamodel/data_model.h"
#include "db/bson.h"
#include "model/transformations.h"
#include "support.h"

using namespace qta;
using namespace qta::fuzz;

namespace {

const datamodel::DataModel& data_model() {
  static const datamodel::DataModel model(
      datamodel::read_data_model_file(std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json"));
  return model;
}

// Small, so that a key costs little per input; the code paths are those of a 4096-bit key.
const crypto::KeyPair& keys() {
  static const crypto::KeyPair pair = crypto::generate_rsa_key_pair(1024);
  return pair;
}

// The document the route would store, or absent when decryption refuses the credentials (a 400).
json::Value prepared(json::Value report) {
  try {
    model::decrypt_credentials(report, keys().private_key_pem, data_model());
  } catch (const model::DecryptionError&) {
    return json::Value();
  }
  for (const char* versioning : {"_id", "timestamp", "delta", "last", "deleted"}) report.erase(versioning);
  model::replace_report_uuids(report);
  return report;
}

void check_storable(const json::Value& original, const json::Value& stored) {
  FUZZ_CHECK(model::import_problem(stored, data_model()).empty());
  FUZZ_CHECK(stored.get("report_uuid").is_string());
  FUZZ_CHECK(stored.get("report_uuid") != original.get("report_uuid"));
  FUZZ_CHECK(stored.get("subjects").size() == original.get("subjects").size());
  db::BsonPtr document = db::to_bson(stored);
  std::size_t offset = 0;
  auto flags = static_cast<bson_validate_flags_t>(BSON_VALIDATE_UTF8 | BSON_VALIDATE_UTF8_ALLOW_NULL |
                                                  BSON_VALIDATE_DOLLAR_KEYS | BSON_VALIDATE_DOT_KEYS |
                                                  BSON_VALIDATE_EMPTY_KEYS);
  FUZZ_CHECK(bson_validate(document.get(), flags, &offset));
  FUZZ_CHECK(is_valid_utf8(stored.dump()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  json::Value report;
  try {
    report = json::Value::parse(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const json::ParseError&) {
    return 0;  // the route answers 400 before any check
  }
  std::string problem = model::import_problem(report, data_model());
  if (!problem.empty()) {
    check_error_answer(
        http::Error(http::ErrorCode::kBadRequest, "Cannot import the report: " + problem + "."));
    return 0;
  }
  FUZZ_CHECK(report.is_object());

  if (auto stored = prepared(report.deep_copy())) check_storable(report, stored);

  // Sealed by an exporting instance: decryption must then succeed.
  auto sealed = report.deep_copy();
  model::encrypt_credentials(sealed, keys().public_key_pem, data_model());
  auto stored = prepared(sealed);
  FUZZ_CHECK(stored.present());
  check_storable(report, stored);
  return 0;
}
