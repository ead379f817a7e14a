#pragma once
/// An in-memory ArtifactSink for parser tests: keeps what a parser emits so a
/// test can compare it with independently known answers, and runs a parser
/// over a file the way the pipeline does (head + local path).

#include <QFile>
#include <QString>

#include <map>
#include <vector>

#include "ingest/artifact_sink.h"
#include "ingest/parser.h"

namespace harrier::test {

class CollectingSink final : public ingest::ArtifactSink {
public:
    casestore::ObjectId newObjectId() override { return ++m_nextId; }
    void addObject(casestore::ObjectRecord object) override { objects.push_back(std::move(object)); }
    void addEvent(casestore::EventRecord event) override { events.push_back(std::move(event)); }
    void addObservable(casestore::ObservableRecord observable) override { observables.push_back(std::move(observable)); }
    std::string storeBlob(ByteView) override { return {}; }
    void addError(casestore::ObjectId container, std::string path, std::optional<std::int64_t> offset,
                  std::string reason, casestore::ErrorSeverity severity) override {
        errors.push_back({0, container, 0, std::move(path), offset, severity, std::move(reason), {}});
    }
    void setCounts(casestore::ContainerCounts c) override { counts[c.containerId] = c; }
    ingest::NestedOutcome ingestNested(casestore::ObjectId, ingest::NestedItem, ingest::ByteStream &) override {
        return {};
    }

    std::vector<const casestore::EventRecord *> eventsOfType(const std::string &type) const {
        std::vector<const casestore::EventRecord *> out;
        for (const auto &e : events)
            if (e.eventType == type)
                out.push_back(&e);
        return out;
    }
    std::vector<const casestore::EventRecord *> eventsWithDesc(const std::string &desc) const {
        std::vector<const casestore::EventRecord *> out;
        for (const auto &e : events)
            if (e.timestampDesc == desc)
                out.push_back(&e);
        return out;
    }
    const casestore::Attribute *attribute(const casestore::ObjectRecord &o, const std::string &name) const {
        for (const auto &a : o.attributes)
            if (a.name == name)
                return &a;
        return nullptr;
    }

    std::vector<casestore::ObjectRecord> objects;
    std::vector<casestore::EventRecord> events;
    std::vector<casestore::ObservableRecord> observables;
    std::vector<casestore::IngestError> errors;
    std::map<casestore::ObjectId, casestore::ContainerCounts> counts;

private:
    casestore::ObjectId m_nextId = 1000;
};

/// Item object id used by runParser.
constexpr casestore::ObjectId kItemId = 7;

/// Sniffs and parses one file as the pipeline would; `sniffed` gets the confidence.
inline Result<void> runParser(ingest::Parser &parser, const QString &path, CollectingSink &sink,
                              ingest::Confidence *sniffed = nullptr) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, "cannot open " + path.toStdString());
    const QByteArray head = f.read(64 * 1024);
    ingest::ItemInput item;
    item.objectId = kItemId;
    item.sourceId = 1;
    item.localPath = path.toStdString();
    item.path = path.toStdString();
    item.name = path.section('/', -1).toStdString();
    item.size = static_cast<std::uint64_t>(f.size());
    item.head = ByteView(reinterpret_cast<const std::uint8_t *>(head.constData()), static_cast<std::size_t>(head.size()));
    const auto confidence = parser.sniff(item.head, item.name);
    if (sniffed)
        *sniffed = confidence;
    ingest::ParseContext ctx;
    return parser.parse(item, sink, ctx);
}

}  // namespace harrier::test
