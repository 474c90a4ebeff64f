#pragma once
// Report transformations for JSON export and import: credentials encrypted for the receiving instance
// (v5.8.0's pair format: [base64 RSA-OAEP-encrypted Fernet key, Fernet token]), and new uuids.

#include <stdexcept>
#include <string>

#include "datamodel/data_model.h"
#include "json/json.h"

namespace qta::model {

class DecryptionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Encrypts every truthy password-type source parameter (lists and objects JSON-encoded first, as v5.8.0)
// and the issue tracker's password and private token when present.
void encrypt_credentials(json::Value& report, const std::string& public_key_pem,
                         const datamodel::DataModel& data_model);
// Decrypts what encrypt_credentials encrypted; plain strings stay as they are. Throws DecryptionError.
void decrypt_credentials(json::Value& report, const std::string& private_key_pem,
                         const datamodel::DataModel& data_model);
// New uuids for the report, its subjects, metrics and sources (notification destinations keep theirs).
void replace_report_uuids(json::Value& report);

// Checks an imported report document before anything is stored; returns "" when it is acceptable,
// else what is wrong. Size and nesting are report_limit_problem's (model/report_limits.h).
std::string import_problem(const json::Value& report, const datamodel::DataModel& data_model);

}  // namespace qta::model
