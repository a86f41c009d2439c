#include "json_output.h"

#include "base64.h"
#include "utf8.h"

namespace mtasts::cli {

json bytes_to_json(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return json(std::string(bytes));
  json wrapped = json::object();
  wrapped["base64"] = base64_encode(bytes);
  return wrapped;
}

std::optional<std::string> bytes_from_json(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_object() || value.size() != 1) return std::nullopt;
  const auto member = value.find("base64");
  if (member == value.end() || !member->is_string()) return std::nullopt;
  return base64_decode(member->get_ref<const std::string&>());
}

json error_object(const parse_error& error) {
  json object = json::object();
  object["token"] = std::string(token(error.code));
  object["family"] = std::string(family(error.code));
  object["offset"] = error.offset;
  object["line"] = error.line;
  object["column"] = error.column;
  object["message"] = std::string(message(error.code));
  return object;
}

json error_object(const parse_error& error, std::string_view subject) {
  json object = error_object(error);
  object["subject"] = std::string(subject);
  return object;
}

json extension_list(const txt_extension_range& extensions) {
  json list = json::array();
  for (const extension& field : extensions) {
    list.push_back(json::array({bytes_to_json(field.name), bytes_to_json(field.value)}));
  }
  return list;
}

json extension_list(const std::vector<std::pair<std::string, std::string>>& extensions) {
  json list = json::array();
  for (const auto& [name, value] : extensions) {
    list.push_back(json::array({bytes_to_json(name), bytes_to_json(value)}));
  }
  return list;
}

std::string render(const json& value, bool pretty) {
  // error_handler_t::replace is a second line of defence only: bytes_to_json already keeps
  // every string well-formed, and the registry's texts are UTF-8 literals.
  std::string text = value.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
  text += '\n';
  return text;
}

}  // namespace mtasts::cli
