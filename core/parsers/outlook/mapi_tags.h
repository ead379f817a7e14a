#pragma once
/// MAPI property identifiers (upper 16 bits of a property tag) and types
/// used by the PST and MSG readers ([MS-OXPROPS]).

#include <cstdint>

namespace harrier::parsers::outlook::mapi {

// Property types (lower 16 bits of a tag).
inline constexpr std::uint16_t kTypeInt16 = 0x0002, kTypeInt32 = 0x0003, kTypeBool = 0x000B, kTypeInt64 = 0x0014,
                               kTypeString8 = 0x001E, kTypeUnicode = 0x001F, kTypeTime = 0x0040, kTypeGuid = 0x0048,
                               kTypeBinary = 0x0102, kTypeObject = 0x000D, kTypeMultiFlag = 0x1000;

inline constexpr std::uint16_t kImportance = 0x0017, kMessageClass = 0x001A, kSensitivity = 0x0036, kSubject = 0x0037,
                               kClientSubmitTime = 0x0039, kSentRepresentingName = 0x0042,
                               kSentRepresentingAddrType = 0x0064, kSentRepresentingEmail = 0x0065,
                               kConversationTopic = 0x0070, kTransportHeaders = 0x007D, kRecipientType = 0x0C15,
                               kSenderName = 0x0C1A, kSenderAddrType = 0x0C1E, kSenderEmail = 0x0C1F,
                               kDisplayTo = 0x0E04, kDeliveryTime = 0x0E06, kMessageFlags = 0x0E07,
                               kBody = 0x1000, kRtfCompressed = 0x1009, kHtml = 0x1013, kInternetMessageId = 0x1035,
                               kInReplyTo = 0x1042, kDisplayName = 0x3001, kAddrType = 0x3002, kEmailAddress = 0x3003,
                               kCreationTime = 0x3007, kModificationTime = 0x3008, kAttachData = 0x3701,
                               kAttachFilename = 0x3704, kAttachMethod = 0x3705, kAttachLongFilename = 0x3707,
                               kAttachMimeTag = 0x370E, kAttachContentId = 0x3712, kSmtpAddress = 0x39FE,
                               kGivenName = 0x3A06, kBusinessPhone = 0x3A08, kHomePhone = 0x3A09, kSurname = 0x3A11,
                               kCompanyName = 0x3A16, kTitle = 0x3A17, kMobilePhone = 0x3A1C, kBirthday = 0x3A42,
                               kInternetCodepage = 0x3FDE, kMessageCodepage = 0x3FFD, kSenderSmtp = 0x5D01,
                               kSentRepresentingSmtp = 0x5D02, kPstPassword = 0x67FF, kAttachHidden = 0x7FFE;

// Named properties: (property set, LID) pairs the readers resolve per file.
inline constexpr std::uint32_t kLidAppointmentLocation = 0x8208, kLidAppointmentStart = 0x820D,
                               kLidAppointmentEnd = 0x820E, kLidRecurring = 0x8223, kLidTaskStatus = 0x8101,
                               kLidPercentComplete = 0x8102, kLidTaskStart = 0x8104, kLidTaskDue = 0x8105,
                               kLidTaskComplete = 0x811C, kLidEmail1Display = 0x8080, kLidEmail1Address = 0x8083,
                               kLidEmail2Address = 0x8093, kLidEmail3Address = 0x80A3,
                               kLidDistributionListName = 0x8053, kLidDistributionListMembers = 0x8055;
// {00062002-0000-0000-C000-000000000046} etc.; stored little-endian in files.
inline constexpr std::uint32_t kPsetidAppointment = 0x00062002, kPsetidTask = 0x00062003, kPsetidAddress = 0x00062004;

// PR_ATTACH_METHOD values.
inline constexpr std::uint32_t kAttachByValue = 1, kAttachEmbeddedMsg = 5, kAttachOle = 6;

}  // namespace harrier::parsers::outlook::mapi
