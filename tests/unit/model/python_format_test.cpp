#include "model/python_format.h"

#include <gtest/gtest.h>

namespace qta::model {

std::string str_of(const char* json) { return python_str(json::Value::parse(json)); }

TEST(PythonStr, ScalarsAsPythonPrintsThem) {
  EXPECT_EQ(str_of("null"), "None");
  EXPECT_EQ(str_of("true"), "True");
  EXPECT_EQ(str_of("false"), "False");
  EXPECT_EQ(str_of("42"), "42");
  EXPECT_EQ(str_of("\"text\""), "text");
  EXPECT_EQ(python_str(json::Value()), "None");
}

TEST(PythonStr, FloatsAsPythonRepr) {
  auto str = [](double number) { return python_str(json::Value::real(number)); };
  EXPECT_EQ(str(1.0), "1.0");
  EXPECT_EQ(str(0.1), "0.1");
  EXPECT_EQ(str(1e-05), "1e-05");
  EXPECT_EQ(str(0.0001), "0.0001");
  EXPECT_EQ(str(123456.5), "123456.5");
  EXPECT_EQ(str(1e16), "1e+16");
  EXPECT_EQ(str(1e15), "1000000000000000.0");
  EXPECT_EQ(str(-2.5), "-2.5");
  EXPECT_EQ(str(1.0 / 3), "0.3333333333333333");
}

TEST(PythonStr, ContainersUseRepr) {
  EXPECT_EQ(str_of("[]"), "[]");
  EXPECT_EQ(str_of(R"(["FOO-42"])"), "['FOO-42']");
  EXPECT_EQ(str_of(R"({"edit_entities": ["john@example.org"]})"), "{'edit_entities': ['john@example.org']}");
  EXPECT_EQ(str_of(R"([1, 2.0, null, true, "it's"])"), R"([1, 2.0, None, True, "it's"])");
  EXPECT_EQ(str_of(R"(["[\\w]{3}-[\\w]{3}\\/"])"), R"(['[\\w]{3}-[\\w]{3}\\/'])");
  EXPECT_EQ(str_of(R"(["a\nb", "both ' and \""])"), R"(['a\nb', 'both \' and "'])");
  EXPECT_EQ(str_of(R"(["Zoë"])"), "['Zoë']");
}

}  // namespace qta::model
