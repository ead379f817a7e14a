#include "parsers/mail/recording_sink.h"

#include <stdexcept>

#include "base/hashing.h"

namespace harrier::parsers::mail {

using casestore::ObjectId;

void RecordingSink::hold(std::uint64_t bytes) {
    m_heldBytes += bytes;
    if (m_heldBytes > kMaxHeldBytes) {
        m_overflowed = true;
        throw std::length_error("recording over its memory cap: read again serially");
    }
}

ObjectId RecordingSink::newObjectId() {
    m_ops.emplace_back(NewId{});
    return kProvisionalBit | m_issued++;
}

std::string RecordingSink::storeBlob(ByteView content) {
    if (content.size() > m_maxBlobBytes)
        return {};
    return storeBlobWithHash(content, sha256Hex(content));  // hashed here, on the worker
}

std::string RecordingSink::storeBlobWithHash(ByteView content, const std::string &sha256) {
    if (content.size() > m_maxBlobBytes)
        return {};
    hold(content.size());
    m_ops.emplace_back(Blob{std::vector<std::uint8_t>(content.begin(), content.end()), sha256});
    return sha256;
}

void RecordingSink::addError(ObjectId container, std::string path, std::optional<std::int64_t> offset,
                             std::string reason, casestore::ErrorSeverity severity) {
    m_ops.emplace_back(Error{container, std::move(path), offset, std::move(reason), severity});
}

ingest::NestedOutcome RecordingSink::ingestNested(ObjectId parent, ingest::NestedItem item,
                                                  ingest::ByteStream &content) {
    std::vector<std::uint8_t> data;
    if (!m_nestedTooDeep) {
        if (auto rest = content.takeRest()) {
            data.assign(rest->begin(), rest->end());
        } else {
            std::uint8_t buf[64 * 1024];
            for (;;) {
                auto n = content.read(buf);
                if (!n || *n == 0)
                    break;
                data.insert(data.end(), buf, buf + *n);
            }
        }
    }
    // The real sink answers a too-deep item with an error and no outcome;
    // replay lets it record that error, and the extraction sees what it
    // would have seen.
    const bool tooDeep = m_nestedTooDeep;
    ingest::NestedOutcome outcome;
    if (!tooDeep) {
        outcome.sha256 = sha256Hex(data);
        outcome.size = data.size();
    }
    const ObjectId id = kProvisionalBit | m_issued++;
    if (!tooDeep)
        outcome.id = id;
    hold(data.size());
    m_ops.emplace_back(Nested{parent, std::move(item), std::move(data)});
    return outcome;
}

ObjectId RecordingSink::remap(ObjectId id) const {
    if (!(id & kProvisionalBit))
        return id;
    const auto index = static_cast<std::size_t>(id & ~kProvisionalBit);
    return index < m_real.size() ? m_real[index] : 0;
}

void RecordingSink::replay(ingest::ArtifactSink &real) {
    m_real.reserve(static_cast<std::size_t>(m_issued));
    for (Op &op : m_ops) {
        if (std::holds_alternative<NewId>(op)) {
            m_real.push_back(real.newObjectId());
        } else if (auto *o = std::get_if<casestore::ObjectRecord>(&op)) {
            o->id = remap(o->id);
            o->parentId = remap(o->parentId);
            real.addObject(std::move(*o));
        } else if (auto *e = std::get_if<casestore::EventRecord>(&op)) {
            e->objectId = remap(e->objectId);
            real.addEvent(std::move(*e));
        } else if (auto *ob = std::get_if<casestore::ObservableRecord>(&op)) {
            ob->objectId = remap(ob->objectId);
            real.addObservable(std::move(*ob));
        } else if (auto *b = std::get_if<Blob>(&op)) {
            real.storeBlobWithHash(b->data, b->sha256);
        } else if (auto *er = std::get_if<Error>(&op)) {
            real.addError(remap(er->container), std::move(er->path), er->offset, std::move(er->reason), er->severity);
        } else if (auto *c = std::get_if<casestore::ContainerCounts>(&op)) {
            c->containerId = remap(c->containerId);
            real.setCounts(*c);
        } else if (auto *n = std::get_if<Nested>(&op)) {
            ingest::MemoryStream stream(n->data);
            m_real.push_back(real.ingestNested(remap(n->parent), std::move(n->item), stream).id);
        }
    }
    m_ops.clear();
}

}  // namespace harrier::parsers::mail
