//! The password-recovery question: rules for the question and answer, and how answers are
//! normalised before they are posted (the backend hashes the normalised answer).
//!
//! Security questions are weak by nature (OWASP ASVS 5, 6.4.2, advises against them); the HMIS
//! guide requires one, so we steer people to a question only they can answer, never show the
//! answer back, and compare answers ignoring case and extra spaces so a person who typed
//! "Hope  Street" once and "hope street" later is not locked out.

/// What the question and answer must satisfy. Configurable per host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryPolicy {
    pub question_min: usize,
    pub question_max: usize,
    /// Counted after normalisation.
    pub answer_min: usize,
    pub answer_max: usize,
}

impl Default for RecoveryPolicy {
    fn default() -> RecoveryPolicy {
        RecoveryPolicy { question_min: 10, question_max: 200, answer_min: 4, answer_max: 200 }
    }
}

/// Stable ids, like the password rules'.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecoveryRule {
    QuestionLength,
    AnswerLength,
    AnswerNotInQuestion,
    AnswerNotUsername,
    AnswerNotPassword,
    ConfirmMatches,
}

impl RecoveryRule {
    pub fn as_str(self) -> &'static str {
        match self {
            RecoveryRule::QuestionLength => "questionLength",
            RecoveryRule::AnswerLength => "answerLength",
            RecoveryRule::AnswerNotInQuestion => "answerNotInQuestion",
            RecoveryRule::AnswerNotUsername => "answerNotUsername",
            RecoveryRule::AnswerNotPassword => "answerNotPassword",
            RecoveryRule::ConfirmMatches => "confirmMatches",
        }
    }
}

/// Lowercase, trimmed, inner runs of whitespace folded to one space.
pub fn normalise(answer: &str) -> String {
    answer.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// What the rules read.
#[derive(Clone, Copy, Debug, Default)]
pub struct RecoveryInputs<'a> {
    pub question: &'a str,
    pub answer: &'a str,
    pub confirm: &'a str,
    pub username: &'a str,
    pub password: &'a str,
}

/// Each rule and whether it is met.
pub fn check(policy: &RecoveryPolicy, inputs: RecoveryInputs<'_>) -> Vec<(RecoveryRule, bool)> {
    let question = inputs.question.split_whitespace().collect::<Vec<_>>().join(" ");
    let question_len = question.chars().count();
    let answer = normalise(inputs.answer);
    let answer_len = answer.chars().count();
    let differs_from = |other: &str| answer.is_empty() || other.is_empty() || answer != normalise(other);
    vec![
        (RecoveryRule::QuestionLength, (policy.question_min..=policy.question_max).contains(&question_len)),
        (RecoveryRule::AnswerLength, (policy.answer_min..=policy.answer_max).contains(&answer_len)),
        (RecoveryRule::AnswerNotInQuestion, answer.is_empty() || !question.to_lowercase().contains(&answer)),
        (RecoveryRule::AnswerNotUsername, differs_from(inputs.username)),
        // Compared exactly too: the answer must not be a second copy of the password.
        (RecoveryRule::AnswerNotPassword, differs_from(inputs.password) && inputs.answer.trim() != inputs.password),
        (RecoveryRule::ConfirmMatches, !answer.is_empty() && answer == normalise(inputs.confirm)),
    ]
}

/// Topics whose answers are often public or few: a warning, not a refusal.
const GUESSABLE: &[&str] = &[
    "favorite color", "favourite color", "favorite colour", "favourite colour", "pet", "born", "birth",
    "maiden name", "first car", "street", "high school", "elementary school", "city", "town",
    "favorite food", "favourite food", "favorite movie", "favourite movie", "favorite sport",
    "favourite sport", "favorite team", "favourite team", "grow up", "grew up", "zodiac", "anniversary",
];

/// Whether `question` asks about something easy to find out or guess.
pub fn is_guessable(question: &str) -> bool {
    let q = format!(" {} ", normalise(question).replace(|c: char| !c.is_alphanumeric() && c != '\'', " "));
    GUESSABLE.iter().any(|topic| q.contains(&format!(" {topic} ")) || q.contains(&format!(" {topic}s ")) || q.contains(&format!(" {topic}'s ")))
}
