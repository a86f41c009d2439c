// SPDX-License-Identifier: Apache-2.0
// A loopback UDP DNS server for tests: answers from a table of zone-format records (built
// and parsed with ldns), or stays silent for names marked so.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mtasts::live::test {

struct fake_answer {
  int rcode = 0;                 // 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN
  std::vector<std::string> rrs;  // zone lines, e.g. "a.example. 60 IN TXT \"x\" \"y\""
  bool silent = false;           // never answer (a timeout)
};

class fake_dns {
 public:
  fake_dns();
  ~fake_dns();
  fake_dns(const fake_dns&) = delete;
  fake_dns& operator=(const fake_dns&) = delete;

  // name without trailing dot, type "TXT", "MX", "A", "AAAA"; unknown names: NXDOMAIN.
  void set(const std::string& name, const std::string& type, fake_answer answer);
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] int queries() const { return queries_; }

 private:
  void serve();
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> queries_{0};
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, fake_answer> answers_;
  std::thread thread_;
};

}  // namespace mtasts::live::test
