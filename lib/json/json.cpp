// Jansson behind the json::Value handle.
#include "json/json.h"

#include <jansson.h>

#include "text/utf8.h"

namespace qta::json {

namespace {
json_t* checked(json_t* handle) {
  if (handle == nullptr) throw std::bad_alloc();
  return handle;
}

// Jansson refuses text that is not UTF-8 (and says so only by returning null, as for a failed
// allocation). Text from clients (decoded paths, headers, cookies) reaches JSON through here, so
// ill-formed bytes become U+FFFD instead of an exception in the middle of an answer.
json_t* text_value(std::string_view text) {
  if (json_t* handle = json_stringn(text.data(), text.size())) return handle;
  if (text::is_valid_utf8(text)) throw std::bad_alloc();
  std::string valid = text::valid_utf8(text);
  return checked(json_stringn(valid.data(), valid.size()));
}
}  // namespace

Value::Value(const Value& other) : handle_(json_incref(other.handle_)) {}
Value::~Value() { json_decref(handle_); }

Value Value::object() { return Value(checked(json_object())); }
Value Value::array() { return Value(checked(json_array())); }
Value Value::string(std::string_view text) { return Value(text_value(text)); }
Value Value::integer(std::int64_t number) { return Value(checked(json_integer(number))); }
Value Value::real(double number) {
  json_t* handle = json_real(number);
  // Jansson refuses NaN and infinity; JSON cannot hold them, so they become null.
  return Value(handle != nullptr ? handle : json_null());
}
Value Value::boolean(bool flag) { return Value(json_boolean(flag)); }
Value Value::null() { return Value(json_null()); }
Value Value::borrow(json_t* handle) { return Value(json_incref(handle)); }

Value Value::parse(std::string_view text) {
  json_error_t error;
  json_t* handle = json_loadb(text.data(), text.size(), JSON_DECODE_ANY | JSON_ALLOW_NUL, &error);
  if (handle == nullptr) {
    throw ParseError(std::string(error.text) + " at line " + std::to_string(error.line) + ", column " +
                     std::to_string(error.column));
  }
  return Value(handle);
}

bool Value::is_object() const { return json_is_object(handle_); }
bool Value::is_array() const { return json_is_array(handle_); }
bool Value::is_string() const { return json_is_string(handle_); }
bool Value::is_integer() const { return json_is_integer(handle_); }
bool Value::is_real() const { return json_is_real(handle_); }
bool Value::is_boolean() const { return json_is_boolean(handle_); }
bool Value::is_null() const { return json_is_null(handle_); }

std::optional<std::string> Value::as_string() const {
  if (!is_string()) return std::nullopt;
  return std::string(json_string_value(handle_), json_string_length(handle_));
}
std::optional<std::int64_t> Value::as_integer() const {
  if (!is_integer()) return std::nullopt;
  return json_integer_value(handle_);
}
std::optional<double> Value::as_number() const {
  if (!is_number()) return std::nullopt;
  return json_number_value(handle_);
}
std::optional<bool> Value::as_boolean() const {
  if (!is_boolean()) return std::nullopt;
  return json_is_true(handle_);
}

Value Value::get(std::string_view key) const {
  if (!is_object()) return Value();
  return borrow(json_object_getn(handle_, key.data(), key.size()));
}

std::string Value::get_string(std::string_view key, std::string_view fallback) const {
  return get(key).as_string().value_or(std::string(fallback));
}

void Value::set(std::string_view key, Value value) {
  if (!is_object()) throw std::logic_error("json::Value::set on a non-object");
  std::string valid;
  if (!text::is_valid_utf8(key)) key = valid = text::valid_utf8(key);  // as text_value() does for values
  json_t* adopted = value.present() ? std::exchange(value.handle_, nullptr) : json_null();
  if (json_object_setn_new(handle_, key.data(), key.size(), adopted) != 0) throw std::bad_alloc();
}

bool Value::erase(std::string_view key) {
  return is_object() && json_object_deln(handle_, key.data(), key.size()) == 0;
}

std::vector<std::pair<std::string, Value>> Value::items() const {
  std::vector<std::pair<std::string, Value>> result;
  if (!is_object()) return result;
  const char* key;
  std::size_t key_length;
  json_t* member;
  json_object_keylen_foreach(handle_, key, key_length, member) {
    result.emplace_back(std::string(key, key_length), borrow(member));
  }
  return result;
}

std::size_t Value::size() const {
  if (is_object()) return json_object_size(handle_);
  if (is_array()) return json_array_size(handle_);
  return 0;
}

Value Value::at(std::size_t index) const {
  if (!is_array()) return Value();
  return borrow(json_array_get(handle_, index));
}

void Value::append(Value value) {
  if (!is_array()) throw std::logic_error("json::Value::append on a non-array");
  json_t* adopted = value.present() ? std::exchange(value.handle_, nullptr) : json_null();
  if (json_array_append_new(handle_, adopted) != 0) throw std::bad_alloc();
}

std::vector<Value> Value::elements() const {
  std::vector<Value> result;
  if (!is_array()) return result;
  std::size_t index;
  json_t* element;
  json_array_foreach(handle_, index, element) { result.push_back(borrow(element)); }
  return result;
}

Value Value::deep_copy() const { return present() ? Value(checked(json_deep_copy(handle_))) : Value(); }

std::string Value::dump() const {
  if (!present()) return "null";
  std::size_t size = json_dumpb(handle_, nullptr, 0, JSON_COMPACT | JSON_ENCODE_ANY);
  std::string text(size, '\0');
  json_dumpb(handle_, text.data(), size, JSON_COMPACT | JSON_ENCODE_ANY);
  return text;
}

bool Value::operator==(const Value& other) const {
  if (!present() || !other.present()) return present() == other.present();
  return json_equal(handle_, other.handle_) == 1;
}

}  // namespace qta::json
