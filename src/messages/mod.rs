//! Every user-visible string, by stable key, per locale.
//!
//! Code asks for a [`Msg`] and gets text; it never spells English itself. Hosts override any
//! key through `config.messages` (checked against [`Msg::ALL`], so a typo is an error, not a
//! silently ignored string). Templates use `{name}` placeholders filled by [`Catalog::text`].

mod en;


macro_rules! message_keys {
    ($($variant:ident = $key:literal,)*) => {
        /// A message key. The string form is part of the public configuration contract.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Msg { $($variant,)* }

        impl Msg {
            /// Every key, in catalog order.
            pub const ALL: &'static [Msg] = &[$(Msg::$variant,)*];

            /// The stable key hosts use in `config.messages`.
            pub fn key(self) -> &'static str {
                match self { $(Msg::$variant => $key,)* }
            }

            /// By a scan of [`Msg::ALL`]: a `match` on the strings compiled to several KB.
            pub fn from_key(key: &str) -> Option<Msg> {
                Msg::ALL.iter().copied().find(|m| m.key() == key)
            }
        }
    };
}

message_keys! {
    RuleMinLength = "rule.minLength",
    RuleMaxLength = "rule.maxLength",
    RuleUppercase = "rule.uppercase",
    RuleLowercase = "rule.lowercase",
    RuleDigit = "rule.digit",
    RuleSymbol = "rule.symbol",
    RuleNotUsername = "rule.notUsername",
    RuleNotCurrent = "rule.notCurrent",
    RuleNotBlocklisted = "rule.notBlocklisted",
    RuleMinStrength = "rule.minStrength",
    RuleStateMet = "rule.state.met",
    RuleStateUnmet = "rule.state.unmet",
    RulesHeading = "rules.heading",
    RuleNowMet = "rules.nowMet",
    RuleNowUnmet = "rules.nowUnmet",
    RulesAllMet = "rules.allMet",
    StrengthLabel = "strength.label",
    StrengthPending = "strength.pending",
    StrengthScore0 = "strength.score.0",
    StrengthScore1 = "strength.score.1",
    StrengthScore2 = "strength.score.2",
    StrengthScore3 = "strength.score.3",
    StrengthScore4 = "strength.score.4",
    StrengthTruncated = "strength.truncated",
    StrengthUnavailable = "strength.unavailable",
    WarnStraightRow = "strength.warning.straightRow",
    WarnKeyPattern = "strength.warning.keyPattern",
    WarnRepeatedChars = "strength.warning.repeatedChars",
    WarnRepeatedGroups = "strength.warning.repeatedGroups",
    WarnTop10 = "strength.warning.top10",
    WarnTop100 = "strength.warning.top100",
    WarnCommon = "strength.warning.common",
    WarnSimilarToCommon = "strength.warning.similarToCommon",
    WarnSequence = "strength.warning.sequence",
    WarnRecentYears = "strength.warning.recentYears",
    WarnWordByItself = "strength.warning.wordByItself",
    WarnDates = "strength.warning.dates",
    WarnNamesByThemselves = "strength.warning.namesByThemselves",
    WarnCommonNames = "strength.warning.commonNames",
    SuggestFewWords = "strength.suggestion.fewWords",
    SuggestNoNeedForSymbols = "strength.suggestion.noNeedForSymbols",
    SuggestAddWord = "strength.suggestion.addWord",
    SuggestCapitalization = "strength.suggestion.capitalization",
    SuggestAllUppercase = "strength.suggestion.allUppercase",
    SuggestReversedWords = "strength.suggestion.reversedWords",
    SuggestSubstitutions = "strength.suggestion.substitutions",
    SuggestLongerKeyPattern = "strength.suggestion.longerKeyPattern",
    SuggestAvoidRepeats = "strength.suggestion.avoidRepeats",
    SuggestAvoidSequences = "strength.suggestion.avoidSequences",
    SuggestAvoidRecentYears = "strength.suggestion.avoidRecentYears",
    SuggestAvoidPersonalYears = "strength.suggestion.avoidPersonalYears",
    SuggestAvoidPersonalDates = "strength.suggestion.avoidPersonalDates",
    ConfirmMatches = "confirm.matches",
    ConfirmDiffers = "confirm.differs",
    ConfirmEmpty = "confirm.empty",
    CapsLockOn = "capsLock.on",
    ShowPassword = "toggle.show",
    ShowAnswer = "toggle.showAnswer",
    ValidityPolicy = "validity.policy",
    ValidityConfirm = "validity.confirm",
    Unavailable = "unavailable",
    JourneyNotStarted = "journey.notStarted",
    JourneyProgress = "journey.progress",
    JourneyContinue = "journey.continue",
    JourneyBack = "journey.back",
    JourneyCancel = "journey.cancel",
    JourneySkip = "journey.skip",
    JourneyTryAgain = "journey.tryAgain",
    JourneyBusy = "journey.busy",
    StepSignIn = "step.signIn",
    StepTerms = "step.terms",
    StepChangePassword = "step.changePassword",
    StepNewPassword = "step.newPassword",
    StepBrowserSaving = "step.browserSaving",
    StepPopups = "step.popups",
    StepRecovery = "step.recovery",
    StepTwoStep = "step.twoStep",
    StepDone = "step.done",
    StepReauthenticate = "step.reauthenticate",
    StepMenu = "step.menu",
    StepTurnOffTwoStep = "step.turnOffTwoStep",
    StepForgotUsername = "step.forgotUsername",
    StepForgotAnswer = "step.forgotAnswer",
    StepSignedOut = "step.signedOut",
    StepCancelled = "step.cancelled",
    FieldUsername = "field.username",
    FieldPassword = "field.password",
    FieldTemporaryPassword = "field.temporaryPassword",
    FieldCurrentPassword = "field.currentPassword",
    FieldNewPassword = "field.newPassword",
    FieldConfirmPassword = "field.confirmPassword",
    FieldQuestion = "field.question",
    FieldAnswer = "field.answer",
    FieldConfirmAnswer = "field.confirmAnswer",
    FieldCode = "field.code",
    TermsAccept = "terms.accept",
    TermsAcceptButton = "terms.acceptButton",
    TermsDecline = "terms.decline",
    TermsMissing = "terms.missing",
    SavingWhy = "saving.why",
    SavingAutofilled = "saving.autofilled",
    SavingHowTo = "saving.howTo",
    SavingChrome = "saving.chrome",
    SavingFirefox = "saving.firefox",
    SavingSafari = "saving.safari",
    SavingOther = "saving.other",
    PopupsWhy = "popups.why",
    PopupsCheck = "popups.check",
    PopupsCheckAgain = "popups.checkAgain",
    PopupsAllowed = "popups.allowed",
    PopupsBlocked = "popups.blocked",
    PopupsChrome = "popups.chrome",
    PopupsFirefox = "popups.firefox",
    PopupsSafari = "popups.safari",
    PopupsOther = "popups.other",
    RecoveryWhy = "recovery.why",
    RecoveryCompare = "recovery.compare",
    RecoveryGuessable = "recovery.guessable",
    RecoveryQuestionLength = "recovery.rule.questionLength",
    RecoveryAnswerLength = "recovery.rule.answerLength",
    RecoveryAnswerNotInQuestion = "recovery.rule.answerNotInQuestion",
    RecoveryAnswerNotUsername = "recovery.rule.answerNotUsername",
    RecoveryAnswerNotPassword = "recovery.rule.answerNotPassword",
    RecoveryConfirmMatches = "recovery.rule.confirmMatches",
    RecoveryInvalid = "recovery.invalid",
    TwoStepWhy = "twoStep.why",
    TwoStepScan = "twoStep.scan",
    TwoStepQrAlt = "twoStep.qrAlt",
    TwoStepKey = "twoStep.key",
    TwoStepCopy = "twoStep.copy",
    TwoStepCopied = "twoStep.copied",
    TwoStepOpenApp = "twoStep.openApp",
    TwoStepPreparing = "twoStep.preparing",
    TwoStepEnterCode = "twoStep.enterCode",
    MenuChangePassword = "menu.changePassword",
    MenuSetUpTwoStep = "menu.setUpTwoStep",
    MenuTurnOffTwoStep = "menu.turnOffTwoStep",
    MenuRecovery = "menu.recovery",
    NoticePasswordChanged = "notice.passwordChanged",
    NoticeTwoStepOn = "notice.twoStepOn",
    NoticeTwoStepOff = "notice.twoStepOff",
    NoticeRecoverySaved = "notice.recoverySaved",
    TurnOffConfirm = "turnOff.confirm",
    TurnOffButton = "turnOff.button",
    DoneTerms = "done.terms",
    DonePassword = "done.password",
    DoneRecovery = "done.recovery",
    DoneTwoStepOn = "done.twoStepOn",
    DoneTwoStepSkipped = "done.twoStepSkipped",
    DoneTwoStepOff = "done.twoStepOff",
    DoneSignedIn = "done.signedIn",
    DoneContinue = "done.continue",
    SignedOutText = "signedOut.text",
    CancelledText = "cancelled.text",
    SignInAgain = "signIn.again",
    ForgotQuestionIntro = "forgot.questionIntro",
    ErrorWrongCredentials = "error.wrongCredentials",
    ErrorWrongAnswer = "error.wrongAnswer",
    ErrorWrongCode = "error.wrongCode",
    ErrorLocked = "error.locked",
    ErrorLockedNoTime = "error.lockedNoTime",
    ErrorRateLimited = "error.rateLimited",
    ErrorServer = "error.server",
    ErrorTimeout = "error.timeout",
    ErrorNetwork = "error.network",
    ErrorUnexpected = "error.unexpected",
    ErrorFields = "error.fields",
    ErrorRequired = "error.required",
    ErrorSessionEnded = "error.sessionEnded",
    ErrorResetExpired = "error.resetExpired",
    ErrorReauthenticate = "error.reauthenticate",
    ErrorSignOutFailed = "error.signOutFailed",
    ErrorServerBusy = "error.serverBusy",
    ErrorRefused = "error.refused",
    SignInCode = "signIn.code",
    StepPasswordReset = "step.passwordReset",
    ResetDoneText = "done.resetText",
    SignInNow = "signIn.now",
    StepSessionEnded = "step.sessionEnded",
    SessionEndedText = "sessionEnded.text",
    DurationSeconds = "duration.seconds",
    DurationMinutes = "duration.minutes",
    // A web team's real page (issue 10, items 12-15).
    RuleMinStrengthByServer = "rule.minStrengthByServer",
    // Backends that are not ours (issue 11).
    StepRecoveryCodes = "step.recoveryCodes",
    RecoveryRulesHeading = "recovery.rulesHeading",
    SettingPassword = "setting.password",
    SettingTwoStep = "setting.twoStep",
    SettingRecovery = "setting.recovery",
    SettingOn = "setting.on",
    SettingOff = "setting.off",
    SettingSet = "setting.set",
    SettingNotSet = "setting.notSet",
    SettingQuestion = "setting.question",
    MenuPairNewPhone = "menu.pairNewPhone",
    MenuSetUpOrPairTwoStep = "menu.setUpOrPairTwoStep",
    MenuChangeRecovery = "menu.changeRecovery",
    MenuSetRecovery = "menu.setRecovery",
    MenuDone = "menu.done",
    RecoveryCodesWhy = "recoveryCodes.why",
    RecoveryCodesCopy = "recoveryCodes.copy",
    RecoveryCodesCopied = "recoveryCodes.copied",
    RecoveryCodesSaved = "recoveryCodes.saved",
    RecoveryCodesLoading = "recoveryCodes.loading",
    FieldEmail = "field.email",
    ForgotEmailIntro = "forgot.emailIntro",
    ForgotHelpdesk = "forgot.helpdesk",
    StepForgotSent = "step.forgotSent",
    ForgotSentText = "forgot.sentText",
    ErrorResetLinkExpired = "error.resetLinkExpired",
    ErrorMaybePasswordChanged = "error.maybePasswordChanged",
    ErrorMaybePasswordReset = "error.maybePasswordReset",
    ErrorMaybeTwoStepOn = "error.maybeTwoStepOn",
    ErrorMaybeTwoStepOff = "error.maybeTwoStepOff",
}

impl Msg {
    /// The placeholders the widget fills in this message (`{min}` in `rule.minLength`); an
    /// override may use these and no others.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Msg::RuleMinLength => &["min"],
            Msg::RuleMaxLength => &["max"],
            Msg::RuleMinStrength => &["label"],
            Msg::RuleNowMet | Msg::RuleNowUnmet => &["rule"],
            Msg::StrengthTruncated => &["count"],
            Msg::JourneyProgress => &["n", "total"],
            Msg::RecoveryQuestionLength => &["min", "max"],
            Msg::RecoveryAnswerLength => &["min"],
            Msg::DoneTerms => &["version"],
            Msg::ErrorLocked | Msg::ErrorRateLimited | Msg::ErrorServerBusy => &["time"],
            Msg::DurationSeconds => &["n"],
            Msg::DurationMinutes => &["m", "s"],
            Msg::SettingQuestion => &["question"],
            _ => &[],
        }
    }
}

/// The `{name}` placeholders in `text`, in order (a `{` without its `}` is text).
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// Locales with a built-in catalog: English here in the code, the others as JSON files
/// (`src/messages/<tag>.json`) that the entry script fetches for the language it chose and hands
/// over as `locales.<tag>`, so a page downloads only its own language.
pub const LOCALES: &[&str] = &["en", "es"];

/// The messages for one locale plus the host's overrides.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Each message at most once. A list, not a map: hosts override a few messages, and a
    /// B-tree's code was a twelfth of the field build.
    overrides: Vec<(Msg, String)>,
}

impl Catalog {
    /// A later override of the same message replaces an earlier one.
    pub fn new(overrides: impl IntoIterator<Item = (Msg, String)>) -> Catalog {
        let mut list: Vec<(Msg, String)> = Vec::new();
        for (msg, text) in overrides {
            match list.iter_mut().find(|(m, _)| *m == msg) {
                Some((_, old)) => *old = text,
                None => list.push((msg, text)),
            }
        }
        Catalog { overrides: list }
    }

    /// Whether the host's catalog or overrides have a text for `msg`.
    pub fn has(&self, msg: Msg) -> bool {
        self.overrides.iter().any(|(m, _)| *m == msg)
    }

    /// The template for `msg`: the host's override, else the built-in text.
    pub fn template(&self, msg: Msg) -> &str {
        self.overrides.iter().find(|(m, _)| *m == msg).map(|(_, text)| text.as_str()).unwrap_or_else(|| en::text(msg))
    }

    /// The text for `msg` with each `{name}` replaced by its value. Unknown placeholders are
    /// left as they are, so a host's override with a typo shows the typo instead of hiding it.
    pub fn text(&self, msg: Msg, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let template = self.template(msg);
        if args.is_empty() {
            return template.to_owned();
        }
        let mut out = String::with_capacity(template.len() + 8);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').map(|close| (&after[..close], close)) {
                Some((name, close)) => match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => {
                        out.push_str(&value.to_string());
                        rest = &after[close + 1..];
                    }
                    None => {
                        out.push('{');
                        rest = after;
                    }
                },
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl PartialEq for Catalog {
    /// The same overrides, in any order.
    fn eq(&self, other: &Catalog) -> bool {
        self.overrides.len() == other.overrides.len() && self.overrides.iter().all(|o| other.overrides.contains(o))
    }
}
