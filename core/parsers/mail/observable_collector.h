#pragma once
/// Collects a message's observables (addresses, domains, IPs, URLs, hashes),
/// normalised and deduplicated, and writes them to the sink once.
/// Domains get their registrable domain (libpsl) and, when written in
/// punycode, their Unicode form (libidn2): lookalike domains hide there.

#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "casestore/records.h"
#include "ingest/artifact_sink.h"

namespace harrier::parsers::mail {

struct DomainForms {
    std::string ascii;        ///< lowercase, as on the wire (punycode kept)
    std::string unicode;      ///< decoded from punycode; == ascii when none
    std::string registrable;  ///< e.g. "example.co.uk"; "" for public suffixes/IPs
};

class ObservableCollector {
public:
    explicit ObservableCollector(casestore::ObjectId objectId) : m_objectId(objectId) {}

    static DomainForms domainForms(std::string_view domain);
    /// Host part of a URL ("" when none).
    static std::string urlHost(std::string_view url);
    static bool isIpv4(std::string_view s);
    static bool isIpv6(std::string_view s);

    void addEmail(std::string_view address, std::string_view context);
    void addDomain(std::string_view domain, std::string_view context);
    void addIp(std::string_view ip, std::string_view context);
    void addUrl(std::string_view url, std::string_view context);
    void addHash(std::string_view kind, std::string_view hex, std::string_view context);
    void flush(ingest::ArtifactSink &sink);

private:
    static DomainForms computeDomainForms(std::string_view domain);
    void put(std::string kind, std::string value, std::string context);
    casestore::ObjectId m_objectId;
    std::set<std::tuple<std::string, std::string, std::string>> m_items;
};

}  // namespace harrier::parsers::mail
