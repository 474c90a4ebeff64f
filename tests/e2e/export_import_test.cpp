// JSON export and import of reports with encrypted credentials, through nginx, between two instances,
// and against Python's cryptography package in both directions.
#include <gtest/gtest.h>

#include <fstream>

#include "crypto/rsa_keys.h"
#include "db/mongo_database.h"
#include "db/reports.h"
#include "db/secrets.h"
#include "http/url.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

db::MongoDatabase database_of(const Stack& stack) {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
}

struct Built {
  std::string report_uuid, subject_uuid, metric_uuid, source_uuid;
};

// A report with a Jira source holding a password and an issue tracker with a private token.
Built build_report(UserSession& user) {
  Built built;
  built.report_uuid =
      user.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  built.subject_uuid = user.post("/api/v3/subject/new/" + built.report_uuid,
                                 attribute("type", json::Value::string("software")))
                           .json()
                           .get_string("new_subject_uuid");
  built.metric_uuid =
      user.post("/api/v3/metric/new/" + built.subject_uuid, attribute("type", json::Value::string("issues")))
          .json()
          .get_string("new_metric_uuid");
  built.source_uuid =
      user.post("/api/v3/source/new/" + built.metric_uuid, attribute("type", json::Value::string("jira")))
          .json()
          .get_string("new_source_uuid");
  user.post("/api/v3/source/" + built.source_uuid + "/parameter/password",
            attribute("password", json::Value::string("s3cret é")));
  user.post("/api/v3/report/" + built.report_uuid + "/issue_tracker/private_token",
            attribute("private_token", json::Value::string("token-42")));
  return built;
}

json::Value stored(const Stack& stack, const std::string& report_uuid) {
  auto database = database_of(stack);
  return db::latest_report(database, report_uuid).value_or(json::Value());
}

class ExportImportTest : public ::testing::Test {
 protected:
  void SetUp() override { stack.wait_until_initialized(); }
  Stack& stack = Stack::shared();
  UserSession jane{stack, "jadoe", "secret"};
};

}  // namespace

TEST_F(ExportImportTest, PublicKeyIsAnRsaSubjectPublicKeyInfo) {
  auto response = stack.client().get("/api/v3/public_key");
  ASSERT_EQ(response.status, 200);
  std::string key = response.json().get_string("public_key");
  EXPECT_EQ(key.rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  EXPECT_TRUE(key.ends_with("-----END PUBLIC KEY-----\n"));
  EXPECT_GT(key.size(), 700u) << "4096 bits";
}

TEST_F(ExportImportTest, RoundTripOnOneInstance) {
  auto built = build_report(jane);
  auto exported = jane.get("/api/v3/report/" + built.report_uuid + "/json");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.header("content-type"), "application/json");
  auto report = exported.json();
  auto password = report.get("subjects")
                      .get(built.subject_uuid)
                      .get("metrics")
                      .get(built.metric_uuid)
                      .get("sources")
                      .get(built.source_uuid)
                      .get("parameters")
                      .get("password");
  ASSERT_TRUE(password.is_array()) << password.dump();
  EXPECT_EQ(password.size(), 2u);
  EXPECT_TRUE(report.get("issue_tracker").get("parameters").get("private_token").is_array());

  auto imported = jane.post("/api/v3/report/import", report);
  ASSERT_EQ(imported.status, 200) << imported.body;
  std::string new_uuid = imported.json().get_string("new_report_uuid");
  EXPECT_NE(new_uuid, built.report_uuid);
  auto copy = stored(stack, new_uuid);
  EXPECT_EQ(copy.get("delta").get_string("description"), "Jane Doe imported a new report");
  ASSERT_EQ(copy.get("subjects").size(), 1u);
  auto [subject_uuid, subject] = copy.get("subjects").items().front();
  EXPECT_NE(subject_uuid, built.subject_uuid);
  auto [metric_uuid, metric] = subject.get("metrics").items().front();
  EXPECT_NE(metric_uuid, built.metric_uuid);
  auto [source_uuid, source] = metric.get("sources").items().front();
  EXPECT_NE(source_uuid, built.source_uuid);
  EXPECT_EQ(source.get("parameters").get_string("password"), "s3cret é");
  EXPECT_EQ(copy.get("issue_tracker").get("parameters").get_string("private_token"), "token-42");
}

TEST_F(ExportImportTest, ExportForAnotherInstanceImportsThereButNotHere) {
  auto built = build_report(jane);
  Stack other;
  other.wait_until_initialized();
  std::string their_key = other.client().get("/api/v3/public_key").json().get_string("public_key");
  auto exported =
      jane.get("/api/v3/report/" + built.report_uuid + "/json?public_key=" + http::quote_plus(their_key));
  ASSERT_EQ(exported.status, 200) << exported.body;

  auto here = jane.post("/api/v3/report/import", exported.body);
  EXPECT_EQ(here.status, 400);
  EXPECT_EQ(here.json().get_string("error"),
            "Decryption of source credentials failed.                 Did you use the public key of this "
            "Quality-time "
            "instance to encrypt this report?");

  UserSession there(other, "jadoe", "secret");
  auto imported = there.post("/api/v3/report/import", exported.body);
  ASSERT_EQ(imported.status, 200) << imported.body;
  auto copy = stored(other, imported.json().get_string("new_report_uuid"));
  auto source = copy.get("subjects")
                    .items()
                    .front()
                    .second.get("metrics")
                    .items()
                    .front()
                    .second.get("sources")
                    .items()
                    .front()
                    .second;
  EXPECT_EQ(source.get("parameters").get_string("password"), "s3cret é");

  // The same as one command, between the two instances.
  setenv("QTA_SOURCE_USERNAME", "jadoe", 1);
  setenv("QTA_SOURCE_PASSWORD", "secret", 1);
  setenv("QTA_DESTINATION_USERNAME", "jodoe", 1);
  setenv("QTA_DESTINATION_PASSWORD", "secret-jodoe", 1);
  auto copied = stack.run_server_command(
      {"copy-report", stack.client().base_url(), other.client().base_url(), built.report_uuid});
  ASSERT_EQ(copied.exit_code, 0) << copied.output;
  std::string copied_uuid = copied.output.substr(0, copied.output.find('\n'));
  auto at_destination = stored(other, copied_uuid);
  EXPECT_EQ(at_destination.get("delta").get_string("description"), "John Doe imported a new report");
  EXPECT_EQ(stack
                .run_server_command(
                    {"copy-report", stack.client().base_url(), other.client().base_url(), "no-such-report"})
                .exit_code,
            1);
}

TEST_F(ExportImportTest, UnencryptedCredentialsImportUnchanged) {
  auto report =
      json::Value::parse(R"({"report_uuid": "seed", "title": "Seeded", "subjects": {"s": {"type": "software",
    "metrics": {"m": {"type": "issues", "sources": {"x": {"type": "jira", "parameters": {"password": "plain"}}}}}}},
    "issue_tracker": {"type": "jira", "parameters": {"password": "tracker-plain"}}})");
  auto imported = jane.post("/api/v3/report/import", report);
  ASSERT_EQ(imported.status, 200) << imported.body;
  auto copy = stored(stack, imported.json().get_string("new_report_uuid"));
  EXPECT_EQ(copy.get_string("title"), "Seeded");
  EXPECT_EQ(copy.get("issue_tracker").get("parameters").get_string("password"), "tracker-plain");
  auto source = copy.get("subjects")
                    .items()
                    .front()
                    .second.get("metrics")
                    .items()
                    .front()
                    .second.get("sources")
                    .items()
                    .front()
                    .second;
  EXPECT_EQ(source.get("parameters").get_string("password"), "plain");
}

// Export leaves a falsy credential unencrypted, so import takes it as it is (v5.8.0 selects the same ones).
TEST_F(ExportImportTest, FalsyCredentialsImportAsTheyAre) {
  for (const char* falsy : {"0", "false", "[]", "{}"}) {
    auto report =
        json::Value::parse(R"({"report_uuid": "f", "subjects": {"s": {"type": "software", "metrics": {"m":
      {"type": "issues", "sources": {"x": {"type": "jira", "parameters": {"password": )" +
                           std::string(falsy) + "}}}}}}}}");
    auto imported = jane.post("/api/v3/report/import", report);
    ASSERT_EQ(imported.status, 200) << falsy << ": " << imported.body;
    auto copy = stored(stack, imported.json().get_string("new_report_uuid"));
    auto source = copy.get("subjects")
                      .items()
                      .front()
                      .second.get("metrics")
                      .items()
                      .front()
                      .second.get("sources")
                      .items()
                      .front()
                      .second;
    EXPECT_EQ(source.get("parameters").get("password"), json::Value::parse(falsy));
  }
}

TEST_F(ExportImportTest, ExportNeedsLoginAndAnExistingReport) {
  auto built = build_report(jane);
  EXPECT_EQ(stack.client().get("/api/v3/report/" + built.report_uuid + "/json").status, 401);
  auto missing = jane.get("/api/v3/report/no-such-report/json");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json().get_string("error"), "Report with UUID no-such-report not found.");
  EXPECT_EQ(jane.get("/api/v3/report/" + built.report_uuid + "/json?public_key=not-a-key").status, 400);
}

TEST_F(ExportImportTest, MalformedAndHostileImportsAreRefusedAndStoreNothing) {
  auto database = database_of(stack);
  auto before = database.count("reports", json::Value::object());
  std::string deep = "1";
  for (int i = 0; i < 60; ++i) deep = "{\"a\": " + deep + "}";
  for (
      const std::string& body :
      {std::string("[]"), std::string("\"report\""), std::string(R"({"title": "no uuid"})"),
       std::string(R"({"report_uuid": "r", "subjects": {"s": {"type": "spaceship"}}})"),
       std::string(
           R"({"report_uuid": "r", "subjects": {"s": {"type": "software", "metrics": {"m": {"type": "loc", "sources": {"x": {"type": "nope", "parameters": {}}}}}}}})"),
       std::string(R"({"report_uuid": "r", "$where": "1"})"),
       std::string(R"({"report_uuid": "r", "deep": )") + deep + "}",
       std::string(
           R"({"report_uuid": "r", "subjects": {"s": {"type": "software", "metrics": {"m": {"type": "issues", "sources": {"x": {"type": "jira", "parameters": {"password": ["a", 1]}}}}}}}})"),
       std::string("{broken")}) {
    auto response = jane.post("/api/v3/report/import", body);
    EXPECT_EQ(response.status, 400) << body.substr(0, 80) << ": " << response.body;
  }
  std::string huge = R"({"report_uuid": "r", "title": ")" + std::string(1100000, 'x') + "\"}";
  EXPECT_EQ(jane.post("/api/v3/report/import", huge).status, 413);
  EXPECT_EQ(database.count("reports", json::Value::object()), before);
}

// The import checks run before decryption, so a credential that decrypts to JSON they would refuse must
// not reach the database as such: it stays the string it was. A list of strings is still a list.
TEST_F(ExportImportTest, CredentialsDecryptingToUnstorableJsonStayStrings) {
  std::string public_key = stack.client().get("/api/v3/public_key").json().get_string("public_key");
  auto report =
      json::Value::parse(R"({"report_uuid": "r", "subjects": {"s": {"type": "software", "metrics": {"m":
    {"type": "issues", "sources": {"x": {"type": "jira", "parameters": {}}}}}}}})");
  std::string deep = std::string(40, '[') + std::string(40, ']');
  for (const std::string& secret : {std::string(R"({"$where": "1"})"), std::string(R"({"a.b": 1})"), deep,
                                    std::string(R"(["a", "b"])")}) {
    auto [key, token] = crypto::asymmetric_encrypt(public_key, secret);
    auto pair = json::Value::array();
    pair.append(json::Value::string(key));
    pair.append(json::Value::string(token));
    auto body = report.deep_copy();
    body.get("subjects")
        .get("s")
        .get("metrics")
        .get("m")
        .get("sources")
        .get("x")
        .get("parameters")
        .set("password", pair);
    auto imported = jane.post("/api/v3/report/import", body);
    ASSERT_EQ(imported.status, 200) << secret << ": " << imported.body;
    auto copy = stored(stack, imported.json().get_string("new_report_uuid"));
    auto source = copy.get("subjects")
                      .items()
                      .front()
                      .second.get("metrics")
                      .items()
                      .front()
                      .second.get("sources")
                      .items()
                      .front()
                      .second;
    auto expected =
        secret.front() == '[' && secret != deep ? json::Value::parse(secret) : json::Value::string(secret);
    EXPECT_EQ(source.get("parameters").get("password"), expected) << secret;
  }
}

TEST_F(ExportImportTest, PythonCryptographyDecryptsOurExportAndWeDecryptItsEncryption) {
  if (run_command({"/usr/bin/python3", "-c", "import cryptography"}, {}).exit_code != 0)
    GTEST_SKIP() << "no python3-cryptography";
  auto database = database_of(stack);
  auto keys = db::find_export_keys(database);
  ASSERT_TRUE(keys.has_value());
  std::string key_file = stack.dir() + "/private.pem";
  std::ofstream(key_file) << keys->private_key;
  auto built = build_report(jane);
  auto report = jane.get("/api/v3/report/" + built.report_uuid + "/json").json();
  auto password = report.get("subjects")
                      .get(built.subject_uuid)
                      .get("metrics")
                      .get(built.metric_uuid)
                      .get("sources")
                      .get(built.source_uuid)
                      .get("parameters")
                      .get("password");
  auto decrypted =
      run_command({"/usr/bin/python3", std::string(QTA_SOURCE_DIR) + "/tests/data/decrypt_with_python.py",
                   key_file, *password.at(0).as_string(), *password.at(1).as_string()},
                  {});
  ASSERT_EQ(decrypted.exit_code, 0) << decrypted.output;
  EXPECT_EQ(decrypted.output.substr(0, decrypted.output.find_last_not_of('\n') + 1), "s3cret é");

  // Python encrypts with our public key, as a real Quality-time would for us.
  std::string script = R"(
import base64, json, sys
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
public_key = serialization.load_pem_public_key(sys.argv[1].encode())
key = Fernet.generate_key()
token = Fernet(key).encrypt(b"from python")
encrypted = public_key.encrypt(key, padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
print(json.dumps([base64.b64encode(encrypted).decode(), token.decode()]))
)";
  auto pair = run_command({"/usr/bin/python3", "-c", script, keys->public_key}, {});
  ASSERT_EQ(pair.exit_code, 0) << pair.output;
  auto import_body = json::Value::parse(
      R"({"report_uuid": "p", "title": "From Python", "subjects": {"s": {"type": "software",
    "metrics": {"m": {"type": "issues", "sources": {"x": {"type": "jira", "parameters": {}}}}}}}})");
  import_body.get("subjects")
      .get("s")
      .get("metrics")
      .get("m")
      .get("sources")
      .get("x")
      .get("parameters")
      .set("password", json::Value::parse(pair.output));
  auto imported = jane.post("/api/v3/report/import", import_body);
  ASSERT_EQ(imported.status, 200) << imported.body;
  auto copy = stored(stack, imported.json().get_string("new_report_uuid"));
  auto source = copy.get("subjects")
                    .items()
                    .front()
                    .second.get("metrics")
                    .items()
                    .front()
                    .second.get("sources")
                    .items()
                    .front()
                    .second;
  EXPECT_EQ(source.get("parameters").get_string("password"), "from python");
}

// Reports in the shapes a real v5.8.0 exports: unknown parameters holding [], "" or {} (v5.8.0 leaves falsy
// values unencrypted), empty and non-empty credentials, an unknown parameter with a list (encrypted as JSON),
// issue trackers with and without credentials. Python encrypts them with v5.8.0's rules for our key.
TEST_F(ExportImportTest, ReportsExportedByV58ImportAndOurExportsDecryptByV58Rules) {
  if (run_command({"/usr/bin/python3", "-c", "import cryptography"}, {}).exit_code != 0)
    GTEST_SKIP() << "no python3-cryptography";
  auto database = database_of(stack);
  auto keys = db::find_export_keys(database);
  ASSERT_TRUE(keys.has_value());
  std::string public_key_file = stack.dir() + "/public.pem", private_key_file = stack.dir() + "/private.pem";
  std::ofstream(public_key_file) << keys->public_key;
  std::ofstream(private_key_file) << keys->private_key;
  std::string helper = std::string(QTA_SOURCE_DIR) + "/tests/data/decrypt_with_python.py";
  std::string data_model = std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json";
  auto as_v58 = [&](const char* mode, const std::string& key_file, const json::Value& report) {
    auto result = run_command({"/usr/bin/python3", helper, mode, key_file, data_model}, {}, report.dump());
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return json::Value::parse(result.output);
  };
  auto parameters_of = [](const json::Value& report) {
    return report.get("subjects")
        .items()
        .front()
        .second.get("metrics")
        .items()
        .front()
        .second.get("sources")
        .items()
        .front()
        .second.get("parameters");
  };
  auto original = json::Value::parse(R"({"report_uuid": "v58", "title": "As exported by v5.8.0",
    "subjects": {"s": {"type": "software", "metrics": {"m": {"type": "performancetest_duration", "sources": {
      "x": {"type": "jmeter_json", "parameters": {"url": "https://jmeter.example.org/results.json", "thresholds": [],
        "empty_text": "", "empty_object": {}, "password": "", "private_token": "t0ken", "listed": ["a", "b"]}}}}}}},
    "issue_tracker": {"type": "jira", "parameters": {"url": "https://jira.example.org", "private_token": "",
      "password": "tracker-pass"}}})");
  auto exported_by_v58 = as_v58("--encrypt-report", public_key_file, original.deep_copy());
  ASSERT_TRUE(parameters_of(exported_by_v58).get("thresholds").is_array());
  EXPECT_EQ(parameters_of(exported_by_v58).get("thresholds").size(), 0u) << "falsy values stay as they are";
  EXPECT_EQ(parameters_of(exported_by_v58).get("private_token").size(), 2u) << "encrypted";

  auto imported = jane.post("/api/v3/report/import", exported_by_v58);
  ASSERT_EQ(imported.status, 200) << imported.body;
  auto copy = stored(stack, imported.json().get_string("new_report_uuid"));
  EXPECT_EQ(parameters_of(copy), parameters_of(original)) << parameters_of(copy).dump();
  EXPECT_EQ(copy.get("issue_tracker"), original.get("issue_tracker")) << copy.get("issue_tracker").dump();

  auto without_tracker_credentials = original.deep_copy();
  without_tracker_credentials.set(
      "issue_tracker", json::Value::parse(R"({"type": "jira", "parameters": {"url": "https://j"}})"));
  auto second = jane.post("/api/v3/report/import",
                          as_v58("--encrypt-report", public_key_file, without_tracker_credentials));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(stored(stack, second.json().get_string("new_report_uuid")).get("issue_tracker"),
            without_tracker_credentials.get("issue_tracker"));

  // The other direction: our export of the imported copy, decrypted with v5.8.0's rules.
  auto our_export = jane.get("/api/v3/report/" + copy.get_string("report_uuid") + "/json");
  ASSERT_EQ(our_export.status, 200) << our_export.body;
  auto read_by_v58 = as_v58("--decrypt-report", private_key_file, our_export.json());
  EXPECT_EQ(parameters_of(read_by_v58), parameters_of(original)) << parameters_of(read_by_v58).dump();
  EXPECT_EQ(read_by_v58.get("issue_tracker"), original.get("issue_tracker"));
}

}  // namespace qta::e2e
