// SPDX-License-Identifier: Apache-2.0
// The shared frame of the conformance pages; see html_page.h.
#include "mtasts/conformance/html_page.h"

#include <array>

#include "mtasts/observation/json_input.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

// Codes are short (a cell is ~80 px wide with ten implementations) and readable without
// colour; the glyphs are in DejaVu Sans, the one font a bare Debian has.
constexpr std::array<status_style, 12> styles{{
    {"PASS", status_kind::pass, "\u2713", "pass"},
    {"ACCEPTABLE_PASS", status_kind::acceptable, "\u2248\u2713", "acceptable: the expected way"},
    {"ACCEPTABLE_FAIL", status_kind::acceptable, "\u2248\u2717", "acceptable: an alternative way"},
    {"SHOULD_HAVE_FAILED", status_kind::accepts_invalid, "AI", "accepts invalid input"},
    {"SHOULD_HAVE_PASSED", status_kind::rejects_valid, "RV", "rejects valid input"},
    {"WRONG_ERROR", status_kind::wrong_error, "WE", "rejects, with the wrong error"},
    {"CRASH", status_kind::crash, "CR", "crashed"},
    {"TIMEOUT", status_kind::crash, "TO", "timed out"},
    {"UNIMPLEMENTED", status_kind::skipped, "\u2013", "not run: capability not declared"},
    {"DISABLED", status_kind::skipped, "off", "not run: disabled by its configuration"},
    {"NOT_RUN", status_kind::skipped, "\u00b7", "not in this implementation's run"},
    {"?", status_kind::skipped, "?", "unknown status"},
}};

constexpr const char* style_sheet = R"css(
:root{--pass:#dcf2dc;--pass-ink:#1d5e2c;--acc:#dbe9fb;--acc-ink:#0b3a82;--ai:#f29b9b;
--ai-ink:#6e0707;--rv:#fbcf96;--rv-ink:#6b3500;--we:#f8ec8c;--we-ink:#574700;--cr:#d7bff2;
--cr-ink:#43146f;--skip:#eceef1;--skip-ink:#6b7280;--line:#d6d9de;--ink:#1d2430;--muted:#5b6472}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:14px/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);
margin:0;padding:18px 20px 40px;max-width:1320px;overflow-wrap:anywhere}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;padding-bottom:3px;
border-bottom:2px solid var(--line)}h3{font-size:15px;margin:0 0 4px}
a{color:#0b4fa8;text-decoration:none}a:hover{text-decoration:underline}
code,.mono{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:12.5px}
.muted{color:var(--muted)}.small{font-size:12px}
.meta{display:flex;flex-wrap:wrap;gap:4px 22px;margin:6px 0 0;padding:0;color:var(--muted)}
.meta div{margin:0}.meta dt{display:inline;font-weight:600;color:var(--ink)}
.meta dt::after{content:": "}.meta dd{display:inline;margin:0}
table{border-collapse:separate;border-spacing:0;width:100%}
th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
thead th{background:#f6f7f9;font-size:12px;font-weight:600;border-bottom:2px solid #b9bec7}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.st{text-align:center;font-weight:700;font-size:12.5px;white-space:nowrap;padding:3px 2px;
border-left:2px solid #fff}
td.st.ux{box-shadow:inset 0 0 0 2px var(--ink)}
.badge{display:inline-block;padding:0 6px;border-radius:3px;font-weight:700;font-size:12px;
white-space:nowrap}
.k-pass{background:var(--pass);color:var(--pass-ink)}
.k-acc{background:var(--acc);color:var(--acc-ink)}
.k-ai{background:var(--ai);color:var(--ai-ink)}
.k-rv{background:var(--rv);color:var(--rv-ink)}
.k-we{background:var(--we);color:var(--we-ink)}
.k-cr{background:var(--cr);color:var(--cr-ink)}
.k-skip{background:var(--skip);color:var(--skip-ink)}
td.zero{color:#aab0b8}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:8px 0;padding:8px 10px;
background:#f6f7f9;border:1px solid var(--line);border-radius:4px;font-size:12.5px}
.legend .item{display:flex;align-items:center;gap:6px}
.legend .badge{min-width:34px;text-align:center}
.verdict{font-size:20px;font-weight:700;margin:10px 0 4px;padding:10px 14px;border-radius:5px}
.verdict.ok{background:var(--pass);color:var(--pass-ink)}
.verdict.bad{background:var(--ai);color:var(--ai-ink)}
.verdict.none{background:var(--skip);color:var(--ink)}
.note{margin:8px 0;padding:6px 10px;border-left:4px solid #c9a400;background:#fffbe6}
.dev{border:1px solid var(--line);border-left-width:5px;border-radius:4px;margin:10px 0;
padding:8px 12px}
.dev-ai{border-left-color:#d64545}.dev-rv{border-left-color:#e08a1e}
.dev-we{border-left-color:#c9a400}.dev-cr{border-left-color:#7c3aed}
.dev dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0 0}
.dev dt{font-weight:600;color:var(--muted)}.dev dd{margin:0}
ul.reasons{margin:0;padding-left:18px}
.tag{display:inline-block;font-size:11px;font-weight:600;padding:0 5px;border-radius:3px;
background:#e6e8ec;color:#3b4350;margin-left:4px;vertical-align:1px}
.tag.known{background:#e2e8f0}.tag.unexpected{background:var(--ink);color:#fff}
)css";

// Measures the rendered page and leaves the result as JSON in #self-check, where a
// headless browser's --dump-dom shows it; nothing is fetched or sent.
constexpr const char* self_check_script = R"js(<pre id="self-check" hidden></pre>
<script>
(function () {
  var d = document, r = {viewport: window.innerWidth,
                         scrollWidth: d.documentElement.scrollWidth, maxRight: 0, widest: ""};
  d.querySelectorAll("body *").forEach(function (e) {
    var b = e.getBoundingClientRect();
    if (b.width > 0 && b.right > r.maxRight) {
      r.maxRight = Math.ceil(b.right + window.scrollX);
      r.widest = e.tagName + (e.id ? "#" + e.id : "") + "." + e.className;
    }
  });
  r.legend = !!d.querySelector(".legend");
  r.summaryRows = d.querySelectorAll("#summary tbody tr").length;
  // Sticky: scrolled into the middle of the longest matrix, its header row stays on top.
  var tables = Array.prototype.slice.call(d.querySelectorAll("table.matrix"));
  tables.sort(function (a, b) { return b.offsetHeight - a.offsetHeight; });
  var head = tables.length ? tables[0].querySelector("thead th") : null;
  var first = tables.length ? tables[0].querySelector("tbody td.name") : null;
  r.stickyFirstColumn = !!first && getComputedStyle(first).position === "sticky";
  r.stickyHeader = false;
  if (head && getComputedStyle(head).position === "sticky") {
    var box = tables[0].getBoundingClientRect(), x = window.scrollX, y = window.scrollY;
    window.scrollTo(0, y + box.top + box.height / 2);
    r.stickyHeaderTop = Math.round(head.getBoundingClientRect().top);
    r.stickyHeader = Math.abs(r.stickyHeaderTop) <= 1;
    window.scrollTo(x, y);
  }
  var links = d.querySelectorAll('a[href^="#"]'), missing = [];
  links.forEach(function (a) {
    var id = a.getAttribute("href").slice(1);
    if (!d.getElementById(id)) missing.push(id);
  });
  r.anchorLinks = links.length;
  r.missingAnchors = missing.length;
  r.missingSample = missing.slice(0, 10);
  r.verdict = (d.querySelector(".verdict") || {}).textContent || "";
  r.deviations = d.querySelectorAll(".dev").length;
  r.external = d.querySelectorAll("[src],link[href]").length;
  r.scripts = d.scripts.length;
  d.getElementById("self-check").textContent = JSON.stringify(r);
})();
</script>
)js";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const status_style& style_of(std::string_view status) {
  for (const status_style& s : styles) {
    if (s.status == status) return s;
  }
  return styles.back();
}

std::string_view kind_class(status_kind kind) {
  switch (kind) {
    case status_kind::pass:
      return "k-pass";
    case status_kind::acceptable:
      return "k-acc";
    case status_kind::accepts_invalid:
      return "k-ai";
    case status_kind::rejects_valid:
      return "k-rv";
    case status_kind::wrong_error:
      return "k-we";
    case status_kind::crash:
      return "k-cr";
    case status_kind::skipped:
      break;
  }
  return "k-skip";
}

std::string_view kind_name(status_kind kind) {
  switch (kind) {
    case status_kind::pass:
      return "pass";
    case status_kind::acceptable:
      return "acceptable";
    case status_kind::accepts_invalid:
      return "accepts invalid";
    case status_kind::rejects_valid:
      return "rejects valid";
    case status_kind::wrong_error:
      return "wrong error";
    case status_kind::crash:
      return "crash/timeout";
    case status_kind::skipped:
      break;
  }
  return "not run";
}

bool is_deviation(status_kind kind) {
  return kind == status_kind::accepts_invalid || kind == status_kind::rejects_valid ||
         kind == status_kind::wrong_error || kind == status_kind::crash;
}

std::string html_status_cell(std::string_view status, std::string_view reason, bool unexpected) {
  const status_style& s = style_of(status);
  std::string title =
      std::string(s.status == "?" ? status : s.status) + ": " + std::string(s.meaning);
  if (!reason.empty()) title += "\n" + std::string(reason);
  if (unexpected) title += "\n(not the status its expectations list)";
  std::string out = "<td class=\"st ";
  out += kind_class(s.kind);
  if (unexpected) out += " ux";
  out += "\" title=\"" + html_escape(title) + "\">" + html_escape(s.code) + "</td>";
  return out;
}

std::string html_status_badge(std::string_view status) {
  const status_style& s = style_of(status);
  return "<span class=\"badge " + std::string(kind_class(s.kind)) + "\" title=\"" +
         html_escape(s.meaning) + "\">" + html_escape(s.code) + " " +
         html_escape(s.status == "?" ? status : s.status) + "</span>";
}

std::string html_legend() {
  std::string out = "<div class=\"legend\" role=\"list\" aria-label=\"legend\">";
  for (const status_style& s : styles) {
    if (s.status == "?") continue;
    out += "<span class=\"item\" role=\"listitem\"><span class=\"badge ";
    out += kind_class(s.kind);
    out += "\">" + html_escape(s.code) + "</span><span><code>" + html_escape(s.status) +
           "</code> " + html_escape(s.meaning) + "</span></span>";
  }
  out +=
      "<span class=\"item\"><span class=\"badge k-pass\" style=\"box-shadow:inset 0 0 0 2px "
      "var(--ink)\">\u2713</span><span>outlined: not the status the expectations "
      "list</span></span></div>\n";
  return out;
}

std::string html_page_begin(std::string_view title, std::string_view page_style) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         html_escape(title) + "</title>\n<style>" + style_sheet + std::string(page_style) +
         "</style></head>\n<body>\n";
}

std::string html_page_end() { return std::string(self_check_script) + "</body></html>\n"; }

std::string html_anchor_id(std::string_view prefix, std::string_view name) {
  std::string out(prefix);
  out += '-';
  for (const char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
    out += keep ? c : '_';
  }
  return out;
}

int rate_percent(std::uint64_t conformant, std::uint64_t ran) {
  if (ran == 0) return -1;
  if (conformant >= ran) return 100;
  // Floor, so 99.9% never shows as 100%.
  return static_cast<int>(conformant * 100 / ran);
}

std::string html_rate_cell(std::uint64_t conformant, std::uint64_t ran) {
  const int rate = rate_percent(conformant, ran);
  if (rate < 0) return "<td class=\"num muted\">none ran</td>";
  const std::string pct = std::to_string(rate) + "%";
  const char* colour = rate == 100 ? "var(--pass)" : rate >= 80 ? "#e3f1c9" : "#f8d9d9";
  return "<td class=\"num\" style=\"background:linear-gradient(90deg," + std::string(colour) + " " +
         pct + ",transparent " + pct + ")\">" + std::to_string(conformant) + "/" +
         std::to_string(ran) + " <b>" + pct + "</b></td>";
}

std::string text_of(const json& object, const char* key, std::string fallback) {
  return observation::printable_text(observation::string_or(object, key, std::move(fallback)));
}

std::uint64_t count_of(const json& object, const char* key) {
  if (!object.is_object()) return 0;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) return 0;
  return it->get<std::uint64_t>();
}

std::vector<std::string> strings_of(const json& object, const char* key) {
  std::vector<std::string> out;
  if (!object.is_object()) return out;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const json& item : *it) {
    if (item.is_string()) out.push_back(observation::printable_text(item.get<std::string>()));
  }
  return out;
}

}  // namespace mtasts::conformance
