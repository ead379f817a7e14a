#pragma once
/// The item a PST test hands PstReader directly (no pipeline): the PST in
/// place, as the pipeline would give it, with GMime initialised.

// GLib's headers before Qt's: Qt defines `signals`, which GLib uses as a name.
#include "ingest/parser.h"
#include "parsers/mail/gmime_util.h"

#include <QString>

#include <string>

namespace harrier::test {

inline ingest::ItemInput pstItemInput(const QString &pst, std::string name) {
    parsers::mail::ensureGmime();
    ingest::ItemInput item;
    item.objectId = 7;
    item.sourceId = 1;
    item.localPath = item.path = pst.toStdString();
    item.name = std::move(name);
    return item;
}

}  // namespace harrier::test
