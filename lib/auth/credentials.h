#pragma once
// Login input as v5.8.0 treats it: the username cleaned of unsafe characters, and the LDAP search
// filter template filled in.

#include <string>
#include <string_view>

namespace qta::auth {

// Removes every character that is not a Unicode letter or digit, '_', '-' or a space (v5.8.0's
// [^\w\- ] rule). Invalid UTF-8 bytes are removed too.
std::string sanitize_username(std::string_view username);

// Fills in a Python string.Template: "$username" and "${username}" become `username`, "$$" becomes "$".
std::string fill_search_filter(std::string_view filter_template, std::string_view username);

}  // namespace qta::auth
