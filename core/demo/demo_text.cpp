#include "demo/demo_text.h"

#include <array>
#include <cctype>

namespace harrier::demo {

namespace {

// Display names keep their diacritics (they arrive RFC 2047-encoded, as real
// mail does); addresses are the ASCII forms.
struct NameRow {
    const char *display;
    const char *local;
    const char *role;
};

constexpr std::array kStaff = {
    NameRow{"Tomáš Adámek", "tomas.adamek", "Web systems administrator"},
    NameRow{"Ilona Varga", "ilona.varga", "Clerk of the Foreign Affairs Committee"},
    NameRow{"Marek Dvořák", "marek.dvorak", "Member of Parliament"},
    NameRow{"Elena Petrescu", "elena.petrescu", "Member of Parliament"},
    NameRow{"Jonas Lindqvist", "jonas.lindqvist", "Press officer"},
    NameRow{"Zofia Nowicka", "zofia.nowicka", "Member of Parliament"},
    NameRow{"Andrej Kováč", "andrej.kovac", "Legal adviser"},
    NameRow{"Mira Horvat", "mira.horvat", "Committee secretary"},
    NameRow{"Pavel Šimek", "pavel.simek", "IT service desk"},
    NameRow{"Lea Kranjc", "lea.kranjc", "Member of Parliament"},
    NameRow{"Viktor Balogh", "viktor.balogh", "Budget analyst"},
    NameRow{"Hana Procházková", "hana.prochazkova", "Chief of staff to the Speaker"},
    NameRow{"Oskar Wiśniewski", "oskar.wisniewski", "Member of Parliament"},
    NameRow{"Ana Jurić", "ana.juric", "Research service"},
    NameRow{"Lukas Brenner", "lukas.brenner", "Protocol office"},
    NameRow{"Katarína Bieliková", "katarina.bielikova", "Member of Parliament"},
    NameRow{"Dmitri Sokol", "dmitri.sokol", "Translator"},
    NameRow{"Eva Lindholm", "eva.lindholm", "Member of Parliament"},
    NameRow{"Goran Babić", "goran.babic", "Security office"},
    NameRow{"Nina Zupan", "nina.zupan", "Member of Parliament"},
    NameRow{"Rasmus Holm", "rasmus.holm", "Defence Committee clerk"},
    NameRow{"Ivana Kolar", "ivana.kolar", "Member of Parliament"},
    NameRow{"Stefan Marinov", "stefan.marinov", "Member of Parliament"},
    NameRow{"Petra Novotná", "petra.novotna", "Human resources"},
    NameRow{"Bogdan Ilie", "bogdan.ilie", "Member of Parliament"},
    NameRow{"Agnieszka Zając", "agnieszka.zajac", "Member of Parliament"},
    NameRow{"Tibor Szabó", "tibor.szabo", "Library"},
    NameRow{"Maja Kovačič", "maja.kovacic", "Member of Parliament"},
    NameRow{"Henrik Aalto", "henrik.aalto", "European Affairs Committee clerk"},
    NameRow{"Lucia Moravec", "lucia.moravec", "Member of Parliament"},
    NameRow{"Radu Constantin", "radu.constantin", "Member of Parliament"},
    NameRow{"Sanna Virtanen", "sanna.virtanen", "Member of Parliament"},
    NameRow{"Filip Horák", "filip.horak", "Parliamentary assistant"},
    NameRow{"Teodora Ilić", "teodora.ilic", "Member of Parliament"},
    NameRow{"Jan Kowalczyk", "jan.kowalczyk", "Parliamentary assistant"},
    NameRow{"Vesna Tomić", "vesna.tomic", "Member of Parliament"},
    NameRow{"Milan Urban", "milan.urban", "Facilities"},
    NameRow{"Ingrid Berg", "ingrid.berg", "Member of Parliament"},
    NameRow{"Emil Georgiev", "emil.georgiev", "Member of Parliament"},
    NameRow{"Dora Kiss", "dora.kiss", "Parliamentary assistant"},
    NameRow{"Aleksander Mazur", "aleksander.mazur", "Member of Parliament"},
    NameRow{"Klara Vidmar", "klara.vidmar", "Member of Parliament"},
    NameRow{"Roman Kučera", "roman.kucera", "Member of Parliament"},
    NameRow{"Sofia Antonescu", "sofia.antonescu", "Parliamentary assistant"},
    NameRow{"Erik Sundberg", "erik.sundberg", "Member of Parliament"},
    NameRow{"Jelena Marković", "jelena.markovic", "Member of Parliament"},
    NameRow{"Ondřej Beneš", "ondrej.benes", "Member of Parliament"},
    NameRow{"Liisa Mäkinen", "liisa.makinen", "Member of Parliament"},
    NameRow{"Gabriel Popa", "gabriel.popa", "Parliamentary assistant"},
    NameRow{"Alma Hodžić", "alma.hodzic", "Member of Parliament"},
    NameRow{"Viktória Fehér", "viktoria.feher", "Member of Parliament"},
    NameRow{"Boris Petrov", "boris.petrov", "Member of Parliament"},
    NameRow{"Karin Ek", "karin.ek", "Member of Parliament"},
    NameRow{"Matej Zelenka", "matej.zelenka", "Member of Parliament"},
    NameRow{"Irina Dobre", "irina.dobre", "Member of Parliament"},
    NameRow{"Niklas Vogt", "niklas.vogt", "Member of Parliament"},
    NameRow{"Paulina Kaczmarek", "paulina.kaczmarek", "Member of Parliament"},
    NameRow{"Damir Kos", "damir.kos", "Member of Parliament"},
    NameRow{"Helena Šťastná", "helena.stastna", "Member of Parliament"},
    NameRow{"Arvid Nyström", "arvid.nystrom", "Member of Parliament"},
    NameRow{"Bianca Rusu", "bianca.rusu", "Member of Parliament"},
    NameRow{"Kristóf Molnár", "kristof.molnar", "Member of Parliament"},
    NameRow{"Tereza Malá", "tereza.mala", "Member of Parliament"},
    NameRow{"Mihail Dinu", "mihail.dinu", "Member of Parliament"},
    NameRow{"Ruta Kalnina", "ruta.kalnina", "Member of Parliament"},
    NameRow{"Jakub Sikora", "jakub.sikora", "Member of Parliament"},
    NameRow{"Emilia Laine", "emilia.laine", "Member of Parliament"},
    NameRow{"Luka Perić", "luka.peric", "Member of Parliament"},
    NameRow{"Nora Halvorsen", "nora.halvorsen", "Member of Parliament"},
    NameRow{"Adam Vlček", "adam.vlcek", "Member of Parliament"},
};

constexpr std::array kExternal = {
    NameRow{"Ministry of Foreign Affairs — Press", "press@mfa.veldoria.example", "ministry"},
    NameRow{"Electoral Commission Secretariat", "secretariat@electoral-commission.veldoria.example", "commission"},
    NameRow{"Marta Olsen", "m.olsen@nordic-council-liaison.example", "liaison"},
    NameRow{"Karel Fiala", "karel.fiala@it-partner-services.example", "IT contractor"},
    NameRow{"Sabine Weber", "s.weber@eu-delegation.example", "delegation"},
    NameRow{"Daniel Costa", "daniel.costa@ngo-transparency-watch.example", "NGO"},
    NameRow{"Travel Desk", "bookings@govtravel-agency.example", "travel agency"},
    NameRow{"Yusuf Demir", "y.demir@embassy-liaison.example", "embassy"},
};

const std::vector<std::string> kSentences = {
    "Please find the updated draft in the shared folder before Thursday's session.",
    "The committee secretariat has confirmed the room for the hearing.",
    "Could you check whether the translation of annex II is final?",
    "I have added the comments from the legal service in track changes.",
    "The delegation arrives on Tuesday evening; protocol will meet them at the airport.",
    "We still need the cost estimate from the budget office.",
    "The press office would like a short statement by noon.",
    "Let us keep the agenda to three items so that the vote is not delayed.",
    "The minister's office asked to move the briefing to 14:00.",
    "I will circulate the minutes once the chair has approved them.",
    "Security asks all visitors to be registered forty-eight hours in advance.",
    "The amendments from the opposition groups arrived late last night.",
    "Please remember that the document is restricted until the plenary vote.",
    "The research service has prepared a comparative note on the other member states.",
    "IT will replace the meeting-room laptops during the recess.",
    "Thank you for the quick turnaround on this.",
    "I am out of the office on Friday but reachable by phone.",
    "The accreditation list for journalists closes tomorrow.",
};

const std::vector<std::string> kReplies = {
    "Thanks, noted.",
    "Agreed — let us go ahead.",
    "I will take care of it today.",
    "Could we discuss this briefly after the committee meeting?",
    "Looks good to me, with one small correction on page 4.",
    "Forwarding to the secretariat for the record.",
    "Confirmed, I will be there.",
    "Please send me the final version when it is ready.",
};

}  // namespace

std::vector<Person> staffDirectory(const std::string &domain) {
    std::vector<Person> out;
    for (const auto &r : kStaff)
        out.push_back({r.display, std::string(r.local) + "@" + domain, r.role});
    return out;
}

std::vector<Person> externalContacts() {
    std::vector<Person> out;
    for (const auto &r : kExternal)
        out.push_back({r.display, r.local, r.role});
    return out;
}

const std::vector<Topic> &threadTopics() {
    static const std::vector<Topic> kTopics = {
        {"Foreign Affairs Committee — agenda for 14 October", "Attached is the draft agenda for the next meeting."},
        {"Budget 2027: second reading timetable", "The budget office proposes the following timetable."},
        {"Visit of the Nordic delegation", "The Nordic delegation confirmed their visit for next week."},
        {"Draft resolution on election observation", "Here is the latest draft of the resolution."},
        {"Room booking for the hearing on energy security", "I need a room for about forty people."},
        {"Accreditation of journalists for the plenary", "The accreditation list needs your approval."},
        {"Translation of annex II", "The translators ask for the final text of annex II."},
        {"Password reset for the committee portal", "Several members cannot log in to the committee portal."},
        {"Minutes of the Defence Committee", "Please review the minutes before they are published."},
        {"Travel to the interparliamentary conference", "The travel desk needs passport details by Friday."},
        {"Question time — written answers", "The ministry sent the written answers to last week's questions."},
        {"New meeting-room laptops", "IT will install new laptops in the meeting rooms."},
        {"Speaker's reception — guest list", "The Speaker's office is finalising the guest list."},
        {"Cybersecurity awareness training", "All staff are invited to the awareness session on phishing."},
    };
    return kTopics;
}

std::string officeParagraph(DemoRandom &rng, int sentences) {
    std::string out;
    for (int i = 0; i < sentences; ++i)
        out += (i ? " " : "") + rng.pick(kSentences);
    return out;
}

std::string replyLine(DemoRandom &rng) { return rng.pick(kReplies); }

const std::vector<Headline> &campaignHeadlines() {
    static const std::vector<Headline> kHeadlines = {
        {"Analysis: what the new coalition means for regional security",
         "Diplomats say the talks have entered a decisive phase.", "coalition-regional-security"},
        {"Exclusive: energy ministers prepare a winter contingency plan",
         "A draft seen by our correspondents sets out three scenarios.", "energy-winter-contingency"},
        {"Election observers warn of disinformation ahead of the vote",
         "Monitoring groups recorded a sharp rise in coordinated accounts.", "observers-disinformation-warning"},
        {"Parliamentary delegations to meet on the sanctions package",
         "The meeting is expected to focus on enforcement.", "delegations-sanctions-package"},
        {"Opinion: the quiet reshaping of the region's trade routes",
         "Ports and pipelines tell a story the communiqués do not.", "opinion-trade-routes"},
    };
    return kHeadlines;
}

std::string base64(std::string_view data, bool wrap76) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t line = 0;
    for (std::size_t i = 0; i < data.size(); i += 3) {
        std::uint32_t v = static_cast<std::uint8_t>(data[i]) << 16;
        if (i + 1 < data.size())
            v |= static_cast<std::uint8_t>(data[i + 1]) << 8;
        if (i + 2 < data.size())
            v |= static_cast<std::uint8_t>(data[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += i + 2 < data.size() ? kAlphabet[v & 63] : '=';
        if (wrap76 && (line += 4) == 76) {
            out += "\n";
            line = 0;
        }
    }
    if (wrap76 && line)
        out += "\n";
    return out;
}

std::string percentEncode(std::string_view s, std::string_view alsoSafe) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || alsoSafe.find(static_cast<char>(c)) != std::string_view::npos) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string urlEncode(std::string_view s) {
    return percentEncode(s, "-_.~");
}

std::string qpEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t col = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\n') {
            out += "\n";
            col = 0;
            continue;
        }
        if (c == '\r')
            continue;
        const bool lineEnd = i + 1 == s.size() || s[i + 1] == '\n' || s[i + 1] == '\r';
        const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !lineEnd);
        const std::size_t width = literal ? 1 : 3;
        if (col + width > 75) {  // leave room for the soft break's '='
            out += "=\n";
            col = 0;
        }
        if (literal) {
            out += static_cast<char>(c);
        } else {
            out += '=';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
        col += width;
    }
    return out;
}

std::string headerWord(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80)
            return "=?UTF-8?B?" + base64(s) + "?=";
    return std::string(s);
}

std::string mailbox(const Person &p) {
    const std::string word = headerWord(p.name);
    if (word != p.name)
        return word + " <" + p.address + ">";
    return "\"" + p.name + "\" <" + p.address + ">";
}

}  // namespace harrier::demo
