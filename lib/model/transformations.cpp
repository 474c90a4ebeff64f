// Credential encryption, uuid replacement and validation for report export and import.
#include "model/transformations.h"

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "crypto/random.h"
#include "crypto/rsa_keys.h"
#include "db/storable.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "net/http_client.h"

namespace qta::model {

namespace {

json::Value encrypted(const std::string& public_key_pem, const std::string& secret) {
  auto [key, token] = crypto::asymmetric_encrypt(public_key_pem, secret);
  auto pair = json::Value::array();
  pair.append(json::Value::string(key));
  pair.append(json::Value::string(token));
  return pair;
}

// A credential as stored after decryption: lists and objects were JSON-encoded before encryption. (v5.8.0
// decodes any JSON, which turns a password such as "123" into a number; we keep strings as strings.)
// The import checks ran before decryption, so JSON that they would refuse ('$' or '.' in keys, deep
// nesting) stays the string it was instead of reaching the database.
json::Value credential_value(const std::string& plain) {
  if (!plain.empty() && (plain.front() == '[' || plain.front() == '{')) {
    try {
      auto decoded = json::Value::parse(plain);
      if (db::storage_problem(decoded).empty()) return decoded;
    } catch (const json::ParseError&) {
    }
  }
  return json::Value::string(plain);
}

// Where an encrypted credential sits, and its two parts copied out, so that decryption threads touch no JSON.
struct EncryptedCredential {
  json::Value container;
  std::string key;
  std::pair<std::string, std::string> parts;
  std::string plain;
  std::string error;
};

void collect(std::vector<EncryptedCredential>& credentials, const json::Value& container,
             const std::string& key, const json::Value& credential) {
  if (credential.is_string() || !credential.present() || credential.is_null()) return;  // stored as given
  if (!credential.is_array() || credential.size() != 2 || !credential.at(0).is_string() ||
      !credential.at(1).is_string()) {
    throw DecryptionError("an encrypted credential must be a pair of strings");
  }
  credentials.push_back(
      {container, key, {*credential.at(0).as_string(), *credential.at(1).as_string()}, "", ""});
}

// Each credential costs an RSA-4096 private-key operation (~8 ms): a report with hundreds of them is
// decrypted on all cores.
void decrypt_all(std::vector<EncryptedCredential>& credentials, const crypto::PrivateKey& private_key) {
  auto work = [&](std::size_t first, std::size_t step) {
    for (std::size_t i = first; i < credentials.size(); i += step) {
      try {
        credentials[i].plain = crypto::asymmetric_decrypt(private_key, credentials[i].parts);
      } catch (const crypto::CryptoError& error) {
        credentials[i].error = error.what();
      }
    }
  };
  std::size_t threads = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), 4);
  if (credentials.size() < 8 || threads == 1) {
    work(0, 1);
    return;
  }
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work, t, threads);
  work(0, threads);
  for (auto& helper : helpers) helper.join();
}

template <typename Change>
void for_each_password(json::Value& report, const datamodel::DataModel& data_model, Change change) {
  for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
    for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
      for (const auto& [source_uuid, source] : metric.get("sources").items()) {
        auto parameters = source.get("parameters");
        for (const auto& [key, value] : parameters.items()) {
          if (data_model.is_password_parameter(source.get_string("type"), key))
            change(parameters, key, value);
        }
      }
    }
  }
}

}  // namespace

void encrypt_credentials(json::Value& report, const std::string& public_key_pem,
                         const datamodel::DataModel& data_model) {
  for_each_password(
      report, data_model, [&](json::Value& parameters, const std::string& key, const json::Value& value) {
        if (!truthy(value)) return;
        std::string secret = value.is_string() ? *value.as_string() : net::python_json_dumps(value);
        parameters.set(key, encrypted(public_key_pem, secret));
      });
  auto tracker_parameters = report.get("issue_tracker").get("parameters");
  for (const char* key : {"password", "private_token"}) {
    auto value = tracker_parameters.get(key);
    if (!value.present()) continue;
    std::string secret = value.is_string() ? *value.as_string() : python_str(value);
    tracker_parameters.set(key, encrypted(public_key_pem, secret));
  }
}

void decrypt_credentials(json::Value& report, const std::string& private_key_pem,
                         const datamodel::DataModel& data_model) {
  std::unique_ptr<crypto::PrivateKey> private_key;
  try {
    private_key = std::make_unique<crypto::PrivateKey>(private_key_pem);
  } catch (const crypto::CryptoError& error) {
    throw DecryptionError(std::string("the instance's private key cannot be read: ") + error.what());
  }
  std::vector<EncryptedCredential> credentials;
  // As v5.8.0 selects them, and as encrypt_credentials does: a falsy parameter was not encrypted.
  for_each_password(report, data_model,
                    [&](json::Value& parameters, const std::string& key, const json::Value& value) {
                      // As on export, only truthy source values are credentials: v5.8.0 exports an unknown
                      // parameter's empty list or object as it is.
                      if (truthy(value)) collect(credentials, parameters, key, value);
                    });
  auto tracker_parameters = report.get("issue_tracker").get("parameters");
  for (const char* key : {"password", "private_token"})
    collect(credentials, tracker_parameters, key, tracker_parameters.get(key));
  decrypt_all(credentials, *private_key);
  for (auto& credential : credentials) {
    if (!credential.error.empty()) throw DecryptionError(credential.error);
    credential.container.set(credential.key, credential_value(credential.plain));
  }
}

void replace_report_uuids(json::Value& report) {
  report.set("report_uuid", json::Value::string(crypto::uuid4()));
  auto subjects = json::Value::object();
  for (auto [subject_uuid, subject] : report.get("subjects").items()) {
    auto metrics = json::Value::object();
    for (auto [metric_uuid, metric] : subject.get("metrics").items()) {
      auto sources = json::Value::object();
      for (const auto& [source_uuid, source] : metric.get("sources").items())
        sources.set(crypto::uuid4(), source);
      if (metric.is_object()) metric.set("sources", sources);
      metrics.set(crypto::uuid4(), metric);
    }
    if (subject.is_object()) subject.set("metrics", metrics);
    subjects.set(crypto::uuid4(), subject);
  }
  report.set("subjects", subjects);
}

std::string import_problem(const json::Value& report, const datamodel::DataModel& data_model) {
  if (!report.is_object()) return "the report must be a JSON object";
  if (auto problem = db::storage_problem(report); !problem.empty()) return problem;
  if (!report.get("report_uuid").is_string()) return "the report has no report_uuid string";
  auto title = report.get("title");
  if (title.present() && !title.is_string() && !title.is_null()) return "the title must be a string";
  auto subjects = report.get("subjects");
  if (subjects.present() && !subjects.is_object()) return "subjects must be an object";
  for (const auto& [subject_uuid, subject] : subjects.items()) {
    if (!subject.is_object()) return "subject " + subject_uuid + " must be an object";
    if (data_model.subject(subject.get_string("type")) == nullptr) {
      return "subject " + subject_uuid + " has unknown type '" + subject.get_string("type") + "'";
    }
    auto metrics = subject.get("metrics");
    if (metrics.present() && !metrics.is_object())
      return "metrics of subject " + subject_uuid + " must be an object";
    for (const auto& [metric_uuid, metric] : metrics.items()) {
      if (!metric.is_object()) return "metric " + metric_uuid + " must be an object";
      if (data_model.metric(metric.get_string("type")) == nullptr) {
        return "metric " + metric_uuid + " has unknown type '" + metric.get_string("type") + "'";
      }
      auto sources = metric.get("sources");
      if (!sources.is_object()) return "metric " + metric_uuid + " needs an object of sources";
      for (const auto& [source_uuid, source] : sources.items()) {
        if (!source.is_object()) return "source " + source_uuid + " must be an object";
        if (data_model.source(source.get_string("type")) == nullptr) {
          return "source " + source_uuid + " has unknown type '" + source.get_string("type") + "'";
        }
        if (!source.get("parameters").is_object())
          return "source " + source_uuid + " needs an object of parameters";
      }
    }
  }
  auto tracker = report.get("issue_tracker");
  if (tracker.present() && !tracker.is_object()) return "issue_tracker must be an object";
  return "";
}

}  // namespace qta::model
