"""The event taxonomy: a few kinds an analyst can filter and colour by, assigned by general rules.

statement   something said (a dated remark, interview, announcement)
meeting     a meeting, call, visit, talks or conference
proposal    an offer, proposal, invitation, pledge or request
rejection   a refusal, rejection, dismissal or condemnation
military    military action: invasion, strikes, attacks, annexation, withdrawal
political   a political or legal act: vote, law, ruling, sanctions, appointment, agreement
background  a happening dated well before publication: the story's long view
other       a dated sentence with no recognised event word
"""

STATEMENT = "statement"
MEETING = "meeting"
PROPOSAL = "proposal"
REJECTION = "rejection"
MILITARY = "military"
POLITICAL = "political"
BACKGROUND = "background"
OTHER = "other"

KINDS = (STATEMENT, MEETING, PROPOSAL, REJECTION, MILITARY, POLITICAL, BACKGROUND, OTHER)

KIND_LABELS = {
    STATEMENT: "Statement",
    MEETING: "Meeting or call",
    PROPOSAL: "Proposal",
    REJECTION: "Rejection",
    MILITARY: "Military action",
    POLITICAL: "Political or legal act",
    BACKGROUND: "Background",
    OTHER: "Other",
}
