//! A questionnaire as data: what to ask one vendor, grouped by area, and for each question the
//! places in the declaration its answers go to. Built by `questionnaire`, written as Markdown,
//! HTML or a workbook by `report`, and read back by `answers`. The workbook's layout is
//! declared here, once, so that the writer and the reader cannot disagree.

use super::diagnostic::{Kind, Severity};
use super::lang::Lang;

/// What identifies the declaration a questionnaire was made for: its key (the vendor's id, or
/// the file name) and its version (a hash of its content, not of its bytes: comments and
/// layout do not change it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionnaireId {
    pub declaration: String,
    pub version: String,
}

impl QuestionnaireId {
    const PREFIX: &'static str = "vendorlint-questionnaire/1:";

    /// Parse the form `to_string` writes; `None` for anything else.
    pub fn parse(text: &str) -> Option<QuestionnaireId> {
        let rest = text.trim().strip_prefix(Self::PREFIX)?;
        let (declaration, version) = rest.rsplit_once('@')?;
        (!declaration.is_empty() && !version.is_empty()).then(|| QuestionnaireId {
            declaration: declaration.to_string(),
            version: version.to_string(),
        })
    }
}

impl std::fmt::Display for QuestionnaireId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}@{}", Self::PREFIX, self.declaration, self.version)
    }
}

/// The questionnaire for one declaration.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub id: QuestionnaireId,
    pub lang: Lang,
    /// The vendor's name, as the declaration gives it.
    pub vendor: String,
    /// The declaration's path, as the user gave it.
    pub declaration: String,
    /// The day it was made (YYYY-MM-DD).
    pub date: String,
    /// Areas in the order of the Danish guidance's question list (seed 000), only those with
    /// questions.
    pub areas: Vec<Area>,
}

impl Questionnaire {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.areas.iter().flat_map(|a| &a.items)
    }
}

/// One area of questions ("Backup", "Adgangsstyring", ...).
#[derive(Debug, Clone)]
pub struct Area {
    pub key: String,
    pub title: String,
    pub items: Vec<Item>,
}

/// One question to the vendor.
#[derive(Debug, Clone)]
pub struct Item {
    /// "3.2": area and question number, for reference in e-mails.
    pub number: String,
    pub rule: String,
    /// An open question (not said) or a gap the vendor can close (said, and weak).
    pub kind: Kind,
    pub severity: Severity,
    /// The question, in the questionnaire's language.
    pub question: String,
    /// One sentence on why it matters (English, as every message is).
    pub why: String,
    /// What the declaration says now, as the finding puts it (English).
    pub finding: String,
    /// The reference the question rests on (the first of the rule's references).
    pub reference: String,
    /// Line of the finding in the declaration (1-based), 0 when not known.
    pub line: usize,
    /// Where the answers go: one field per value asked for.
    pub fields: Vec<Field>,
}

/// One value the vendor is asked for, and where in the declaration it goes.
#[derive(Debug, Clone)]
pub struct Field {
    /// JSON pointer (RFC 6901) of the value in the declaration.
    pub pointer: String,
    /// A short name for the value: the property's key path below its statement
    /// (`backup › interval_hours`).
    pub label: String,
    /// The schema's description of the value (English).
    pub help: String,
    pub answer: Answer,
    /// What is recorded now, as text (`unknown`, `false`, `not stated`, ...).
    pub recorded: String,
}

/// The kind of answer a field takes, read from the declaration schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// One of these values (a drop-down in the workbook).
    Choice(Vec<String>),
    /// Yes or no (or one of the refusals in `Answer::REFUSALS`).
    YesNo,
    /// A whole number, at least `min`.
    Integer { min: Option<i64> },
    /// A number, at least `min`.
    Number { min: Option<f64> },
    /// A date, YYYY-MM-DD.
    Date,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// A list of ids, separated by commas.
    List,
    /// Some of these values, separated by commas (a list whose items the schema names).
    Several(Vec<String>),
    /// Free text.
    Text,
}

impl Answer {
    /// The answers every known-or-unknown field also takes: the vendor declines to say.
    pub const REFUSALS: [&'static str; 1] = ["not_disclosed"];

    /// The values the workbook's drop-down offers, in `lang` where they are words of ours
    /// (yes and no); `None` where any value of the type may be typed.
    pub fn choices(&self, lang: Lang) -> Option<Vec<String>> {
        match self {
            Answer::Choice(values) => Some(values.clone()),
            Answer::YesNo => {
                let (yes, no) = yes_no(lang);
                Some(
                    [yes, no]
                        .into_iter()
                        .chain(Self::REFUSALS)
                        .map(str::to_string)
                        .collect(),
                )
            }
            _ => None,
        }
    }

    /// What may be written, in words in `lang`, for the workbook's hints, the documents'
    /// "allowed answers" and error messages.
    pub fn describe(&self, lang: Lang) -> String {
        let some_of = match lang {
            Lang::En => "one or more, separated by commas, of",
            Lang::Da => "en eller flere, adskilt af kommaer, af",
            Lang::Sv => "en eller flera, åtskilda med kommatecken, av",
        };
        let (one_of, whole, number, at_least, date, country, ids, text, or) = match lang {
            Lang::En => (
                "one of",
                "a whole number",
                "a number",
                "at least",
                "a date, written YYYY-MM-DD",
                "a two-letter country code (ISO 3166-1), such as DK",
                "ids separated by commas",
                "text",
                "or",
            ),
            Lang::Da => (
                "en af",
                "et helt tal",
                "et tal",
                "mindst",
                "en dato, skrevet ÅÅÅÅ-MM-DD",
                "en landekode på to bogstaver (ISO 3166-1), fx DK",
                "id'er adskilt af kommaer",
                "tekst",
                "eller",
            ),
            Lang::Sv => (
                "något av",
                "ett heltal",
                "ett tal",
                "minst",
                "ett datum, skrivet ÅÅÅÅ-MM-DD",
                "en landskod med två bokstäver (ISO 3166-1), t.ex. SE",
                "id:n åtskilda med kommatecken",
                "text",
                "eller",
            ),
        };
        let bound = |what: &str, min: Option<String>| match min {
            Some(m) => format!("{what}, {at_least} {m}"),
            None => what.to_string(),
        };
        match self {
            Answer::Choice(values) => format!("{one_of}: {}", values.join(", ")),
            Answer::Several(values) => format!("{some_of}: {}", values.join(", ")),
            Answer::YesNo => {
                let (yes, no) = yes_no(lang);
                format!("{yes}, {no} {or} not_disclosed")
            }
            Answer::Integer { min } => bound(whole, min.map(|m| m.to_string())),
            Answer::Number { min } => bound(number, min.map(|m| m.to_string())),
            Answer::Date => date.to_string(),
            Answer::Country => country.to_string(),
            Answer::List => ids.to_string(),
            Answer::Text => text.to_string(),
        }
    }
}

/// "yes" and "no" in `lang`: the words the workbook offers for a yes-or-no field.
pub fn yes_no(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => ("yes", "no"),
        Lang::Da => ("ja", "nej"),
        Lang::Sv => ("ja", "nej"),
    }
}

/// The workbook's layout, shared by the writer (`report`) and the reader (`answers`).
pub mod workbook {
    /// The sheet the vendor fills in.
    pub const QUESTIONS_SHEET: &str = "Questions";
    /// A sheet that only explains (title, vendor, how to answer).
    pub const ABOUT_SHEET: &str = "About";
    /// The row (0-based) of the column headers on the questions sheet; answers start below.
    pub const HEADER_ROW: u32 = 0;

    /// The columns of the questions sheet (0-based), in order.
    pub const NUMBER: u16 = 0;
    pub const AREA: u16 = 1;
    pub const QUESTION: u16 = 2;
    pub const FIELD: u16 = 3;
    pub const RECORDED: u16 = 4;
    pub const WHY: u16 = 5;
    pub const REFERENCE: u16 = 6;
    /// The vendor's answer: a drop-down, a typed number or date cell, or text.
    pub const ANSWER: u16 = 7;
    /// Where the answer comes from: a quote, or the name of a document.
    pub const SOURCE: u16 = 8;
    /// Hidden: the JSON pointer the answer goes to.
    pub const POINTER: u16 = 9;
    /// Hidden: the questionnaire id (`QuestionnaireId`), on every row.
    pub const QUESTIONNAIRE_ID: u16 = 10;
    /// Hidden: the answer kind (`integer`, `date`, ...) the row was made for.
    pub const ANSWER_KIND: u16 = 11;
    /// The number of columns.
    pub const COLUMNS: u16 = 12;
}

impl Answer {
    /// The name the workbook's hidden kind column holds.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Answer::Choice(_) => "choice",
            Answer::YesNo => "yes_no",
            Answer::Integer { .. } => "integer",
            Answer::Number { .. } => "number",
            Answer::Date => "date",
            Answer::Country => "country",
            Answer::List => "list",
            Answer::Several(_) => "several",
            Answer::Text => "text",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_reads_back_what_it_writes_and_nothing_else() {
        let id = QuestionnaireId {
            declaration: "unoeuro".into(),
            version: "0123456789ab".into(),
        };
        let text = id.to_string();
        assert_eq!(text, "vendorlint-questionnaire/1:unoeuro@0123456789ab");
        assert_eq!(QuestionnaireId::parse(&text), Some(id));
        assert_eq!(QuestionnaireId::parse("unoeuro@0123"), None);
        assert_eq!(
            QuestionnaireId::parse("vendorlint-questionnaire/1:@x"),
            None
        );
    }
}

/// The questionnaire's own words (headings, column names, instructions) in one language.
/// Questions and area titles come from the rule pack; findings stay English, as every
/// message does.
#[derive(Debug)]
pub struct Words {
    /// "Security questionnaire"
    pub title: &'static str,
    /// "for" in "Security questionnaire for UnoEuro"
    pub for_vendor: &'static str,
    /// Opening paragraph to the vendor.
    pub intro: &'static str,
    /// How to answer (workbook and documents).
    pub how_to_answer: &'static str,
    pub number: &'static str,
    pub area: &'static str,
    pub question: &'static str,
    pub field: &'static str,
    pub recorded: &'static str,
    pub why: &'static str,
    pub reference: &'static str,
    pub answer: &'static str,
    pub source: &'static str,
    pub allowed: &'static str,
    /// Label of an open question ("not stated").
    pub open_question: &'static str,
    /// Label of a gap ("what you state falls short").
    pub gap: &'static str,
    /// A question answered in words or with a document (no single value).
    pub in_words: &'static str,
    pub declaration: &'static str,
    pub date: &'static str,
    pub questionnaire_id: &'static str,
    /// "Questions" in "12 questions".
    pub questions: &'static str,
    /// The label of the finding's English wording ("Our note").
    pub finding: &'static str,
}

const EN: Words = Words {
    title: "Security questionnaire",
    for_vendor: "for",
    intro: "We are reviewing the security of the services we buy from you. Below are the points your published documents and our agreement do not settle. Please answer each question, and name the document or quote the passage each answer comes from.",
    how_to_answer: "Write each answer in the Answer column: choose from the list where there is one, give numbers as numbers and dates as YYYY-MM-DD. Put the document or passage the answer comes from in the Source column. Leave a question empty if you cannot answer it.",
    number: "No.",
    area: "Area",
    question: "Question",
    field: "Value asked for",
    recorded: "Recorded now",
    why: "Why it matters",
    reference: "Reference",
    answer: "Answer",
    source: "Source (document or quote)",
    allowed: "Allowed answers",
    open_question: "open question",
    gap: "gap",
    in_words: "answer in words or attach a document",
    declaration: "Declaration",
    date: "Date",
    questionnaire_id: "Questionnaire id",
    questions: "questions",
    finding: "Our note",
};

const DA: Words = Words {
    title: "Sikkerhedsspørgeskema",
    for_vendor: "til",
    intro: "Vi gennemgår sikkerheden i de tjenester, vi køber hos jer. Nedenfor står de punkter, som jeres offentliggjorte dokumenter og vores aftale ikke afklarer. Besvar venligst hvert spørgsmål, og angiv det dokument eller citér den passage, svaret bygger på.",
    how_to_answer: "Skriv hvert svar i kolonnen Svar: vælg fra listen, hvor der er en, angiv tal som tal og datoer som ÅÅÅÅ-MM-DD. Skriv i kolonnen Kilde, hvilket dokument eller hvilken passage svaret bygger på. Lad et spørgsmål stå tomt, hvis I ikke kan besvare det.",
    number: "Nr.",
    area: "Område",
    question: "Spørgsmål",
    field: "Oplysning",
    recorded: "Registreret nu",
    why: "Hvorfor det betyder noget",
    reference: "Grundlag",
    answer: "Svar",
    source: "Kilde (dokument eller citat)",
    allowed: "Mulige svar",
    open_question: "åbent spørgsmål",
    gap: "mangel",
    in_words: "svar med ord eller vedlæg et dokument",
    declaration: "Erklæring",
    date: "Dato",
    questionnaire_id: "Spørgeskema-id",
    questions: "spørgsmål",
    finding: "Vores note",
};

const SV: Words = Words {
    title: "Säkerhetsfrågeformulär",
    for_vendor: "till",
    intro: "Vi går igenom säkerheten i de tjänster vi köper av er. Nedan står de punkter som era publicerade dokument och vårt avtal inte klargör. Besvara gärna varje fråga och ange det dokument eller citera det avsnitt som svaret bygger på.",
    how_to_answer: "Skriv varje svar i kolumnen Svar: välj ur listan där det finns en, ange tal som tal och datum som ÅÅÅÅ-MM-DD. Skriv i kolumnen Källa vilket dokument eller avsnitt svaret bygger på. Lämna en fråga tom om ni inte kan besvara den.",
    number: "Nr",
    area: "Område",
    question: "Fråga",
    field: "Uppgift",
    recorded: "Registrerat nu",
    why: "Varför det spelar roll",
    reference: "Underlag",
    answer: "Svar",
    source: "Källa (dokument eller citat)",
    allowed: "Möjliga svar",
    open_question: "öppen fråga",
    gap: "brist",
    in_words: "svara med ord eller bifoga ett dokument",
    declaration: "Deklaration",
    date: "Datum",
    questionnaire_id: "Frågeformulärets id",
    questions: "frågor",
    finding: "Vår anteckning",
};

/// The questionnaire's words in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Da => &DA,
        Lang::Sv => &SV,
    }
}
