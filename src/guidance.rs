//! Browser-specific help: which browser the person uses, and the steps that browser needs to
//! forget a saved password or to allow pop-ups for this site.

use crate::messages::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    /// Chrome, Edge and other Chromium browsers share their settings' wording.
    Chromium,
    Firefox,
    Safari,
    Other,
}

impl Browser {
    /// Reads a `navigator.userAgent`. Order matters: Edge and Chrome also say "Safari".
    pub fn from_user_agent(ua: &str) -> Browser {
        if ua.contains("Firefox/") || ua.contains("FxiOS/") {
            Browser::Firefox
        } else if ua.contains("Edg/") || ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("CriOS/") {
            Browser::Chromium
        } else if ua.contains("Safari/") || ua.contains("AppleWebKit/") {
            Browser::Safari
        } else {
            Browser::Other
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
            Browser::Safari => "safari",
            Browser::Other => "other",
        }
    }

    /// How to remove a saved password.
    pub fn forget_password(self) -> Msg {
        match self {
            Browser::Chromium => Msg::SavingChrome,
            Browser::Firefox => Msg::SavingFirefox,
            Browser::Safari => Msg::SavingSafari,
            Browser::Other => Msg::SavingOther,
        }
    }

    /// How to allow pop-ups for this site.
    pub fn allow_popups(self) -> Msg {
        match self {
            Browser::Chromium => Msg::PopupsChrome,
            Browser::Firefox => Msg::PopupsFirefox,
            Browser::Safari => Msg::PopupsSafari,
            Browser::Other => Msg::PopupsOther,
        }
    }
}
