package wizard

// StepID names a step of the journey. The values are stable: they are stored
// in saved sessions and the UI maps each to a screen.
type StepID string

const (
	StepPrerequisites      StepID = "prerequisites"
	StepAddFromGallery     StepID = "add-from-gallery"
	StepBasicSAML          StepID = "basic-saml"
	StepAttributes         StepID = "attributes"
	StepSigningCertificate StepID = "signing-certificate"
	StepTestUser           StepID = "test-user"
	StepSendToSupport      StepID = "send-to-support"
	StepTestSSO            StepID = "test-sso"
)

// ItemBasicSAMLEntered is "I entered … and selected Save": Basic SAML
// configuration is complete only with it, and a paste-back that differs
// takes it back.
const ItemBasicSAMLEntered = "basic-saml.entered"

// StepIDs lists the steps in journey order.
var StepIDs = []StepID{
	StepPrerequisites, StepAddFromGallery, StepBasicSAML, StepAttributes,
	StepSigningCertificate, StepTestUser, StepSendToSupport, StepTestSSO,
}

// Rule says what makes a step complete.
type Rule string

const (
	// RuleChecklist: every checklist item is ticked.
	RuleChecklist Rule = "checklist"
	// RuleEnteredInEntra: the customer name is accepted (or support's URLs
	// are set), the admin ticked that the values were entered in Entra and
	// saved, and no paste-back from Entra shows a difference the admin has
	// not explained (Session.PasteBackReason).
	RuleEnteredInEntra Rule = "entered-in-entra"
	// RuleMetadataOK: the Federation Metadata XML was checked and the report
	// is OK for Entra app metadata.
	RuleMetadataOK Rule = "metadata-ok"
	// RuleBundleExported: the onboarding bundle was saved.
	RuleBundleExported Rule = "bundle-exported"
)

// ChecklistItem is one thing the admin ticks off. ID is stable and unique
// across all steps ("<step>.<item>"). On steps whose Rule is not
// RuleChecklist the items are reminders and do not block completion.
type ChecklistItem struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Note string `json:"note,omitempty"`
}

// Link is a web page a step offers to open.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Step is one screen of the journey, as data.
type Step struct {
	ID    StepID `json:"id"`
	Title string `json:"title"`
	// Intro is one or two sentences on why the step matters.
	Intro string `json:"intro"`
	// Instructions are what to do, in order. Where a value depends on the
	// customer, the UI shows it next to the instruction.
	Instructions []string        `json:"instructions"`
	Checklist    []ChecklistItem `json:"checklist,omitempty"`
	Rule         Rule            `json:"rule"`
	// Done is what the step shows once it is complete; Pending says what is
	// still missing when the rule is not a checklist.
	Done    string `json:"done"`
	Pending string `json:"pending,omitempty"`
	Links   []Link `json:"links,omitempty"`
}

// Steps returns the journey in order. It returns new slices on every call.
func Steps() []Step {
	entra := Link{Label: "Open the Microsoft Entra admin center", URL: EntraAdminCenterURL}
	return []Step{
		{
			ID:    StepPrerequisites,
			Title: "Before you start",
			Intro: "Connecting pymetrics to Microsoft Entra ID takes about fifteen minutes. Check that you have what it needs.",
			Instructions: []string{
				"You need a Microsoft Entra ID tenant where you can add enterprise applications.",
				"Your account needs the Cloud Application Administrator or Application Administrator role (Global Administrator works too).",
				"Your pymetrics subscription must include single sign-on. pymetrics support gives you your customer name and URLs.",
			},
			Checklist: []ChecklistItem{
				{ID: "prerequisites.role", Text: "I can sign in to the Entra admin center as a Cloud Application Administrator or Application Administrator."},
				{ID: "prerequisites.subscription", Text: "Our pymetrics subscription includes single sign-on (SSO).",
					Note: "If you are not sure, ask pymetrics support at " + SupportEmail + "."},
			},
			Rule:  RuleChecklist,
			Done:  "You have what you need.",
			Links: []Link{entra},
		},
		{
			ID:    StepAddFromGallery,
			Title: "Add pymetrics from the gallery",
			Intro: "Entra has a ready-made pymetrics app. Adding it fills in the right claims for you.",
			Instructions: []string{
				"In the Microsoft Entra admin center, browse to Identity > Applications > Enterprise applications and select New application.",
				"In Browse Microsoft Entra Gallery, type pymetrics in the search box.",
				"Select pymetrics in the results, then Create, and wait a few seconds while Entra adds the app to your tenant.",
			},
			Checklist: []ChecklistItem{
				{ID: "add-from-gallery.added", Text: "The pymetrics app is listed under Enterprise applications."},
			},
			Rule:  RuleChecklist,
			Done:  "The pymetrics app is in your tenant.",
			Links: []Link{entra},
		},
		{
			ID:    StepBasicSAML,
			Title: "Basic SAML configuration",
			Intro: "Entra compares these values with what pymetrics sends, character for character and case-sensitively. One wrong character causes error AADSTS50011 or AADSTS700016 at sign-in.",
			Instructions: []string{
				"Type your customer name above (or paste a URL pymetrics support gave you: its values take precedence over the pattern).",
				"In the Microsoft Entra admin center, browse to Identity > Applications > Enterprise applications > pymetrics > Single sign-on, select SAML, and select Edit on Basic SAML Configuration.",
				"Copy the Identifier, the Reply URL and the Sign on URL into the fields with those names and select Save. (Upload metadata file with the SP metadata file fills in Identifier and Reply URL; the Sign on URL still has to be pasted.)",
				"Copy the three values back from Entra, paste them into Check what Entra saved below, and tick the box at the bottom.",
			},
			Checklist: []ChecklistItem{
				{ID: ItemBasicSAMLEntered, Text: "I entered Identifier, Reply URL and Sign on URL in Basic SAML Configuration and selected Save."},
			},
			Rule:    RuleEnteredInEntra,
			Done:    "The values are entered in Entra and saved.",
			Pending: "Type the customer name, enter the three values in Entra, select Save, and tick \"I entered … and selected Save\".",
			Links:   []Link{entra},
		},
		{
			ID:    StepAttributes,
			Title: "Attributes and claims",
			Intro: "pymetrics reads the user's first name, last name and e-mail address from the sign-in. The gallery app sets them up; check that they are there.",
			Instructions: []string{
				"In the Entra admin center, on Enterprise applications > pymetrics > Single sign-on (Set up Single Sign-On with SAML), select Edit on Attributes & Claims.",
				"Check that the three claims below are listed with exactly these names and sources; if one is missing, select Add new claim and enter it as shown.",
			},
			Checklist: []ChecklistItem{
				{ID: "attributes.reviewed", Text: "UserFirstName, UserLastName and UserEmail are listed with the sources shown."},
			},
			Rule: RuleChecklist,
			Done: "The claims are as pymetrics expects them.",
		},
		{
			ID:    StepSigningCertificate,
			Title: "SAML signing certificate",
			Intro: "pymetrics needs your tenant's Federation Metadata XML to trust sign-ins from it. The assistant checks the file before you send it.",
			Instructions: []string{
				"In the Entra admin center, on Enterprise applications > pymetrics > Single sign-on, under SAML Certificates, copy the Thumbprint and paste it into the first field below.",
				"In the same section, select Download next to Federation Metadata XML, then drop the downloaded file on this window (or choose it with Open file… below).",
			},
			Rule:    RuleMetadataOK,
			Done:    "The metadata file is intact and ready for pymetrics.",
			Pending: "Add the Federation Metadata XML downloaded from the pymetrics app in Entra; it must pass the check.",
		},
		{
			ID:    StepTestUser,
			Title: "Test user and assignment",
			Intro: "Only users assigned to the pymetrics app can sign in. Assign a test user now so you can try sign-in at the end.",
			Instructions: []string{
				"As at least a User Administrator, browse to Identity > Users > All users and select New user > Create new user: Display name B.Simon, User principal name B.Simon@yourdomain; note the password, then Review + create and Create. (An existing account works too.)",
				"Browse to Identity > Applications > Enterprise applications > pymetrics > Users and groups, select Add user/group, select B.Simon under Users and groups, then Select; if a Select a role dialog appears, choose the role and Select; then Assign.",
				"Nothing to create in pymetrics: it creates the user at the first sign-in (just-in-time provisioning).",
			},
			Checklist: []ChecklistItem{
				{ID: "test-user.created", Text: "A test user exists (for example B.Simon@yourdomain)."},
				{ID: "test-user.assigned", Text: "The test user is assigned to the pymetrics app under Users and groups.",
					Note: "Assign the user directly or through a group it is a direct member of: nested groups are not honoured for assignment."},
			},
			Rule:  RuleChecklist,
			Done:  "The test user can sign in once pymetrics has your metadata.",
			Links: []Link{entra},
		},
		{
			ID:    StepSendToSupport,
			Title: "Send to pymetrics support",
			Intro: "pymetrics support finishes the connection on their side with your metadata and the values you entered. The onboarding bundle holds all of it, with checksums support can verify.",
			Instructions: []string{
				"Save the onboarding bundle.",
				"Open the e-mail draft, attach the bundle and send it to " + SupportEmail + ".",
				"Wait for support to confirm that SSO is set up for your customer name before testing.",
			},
			Checklist: []ChecklistItem{
				{ID: "send-to-support.sent", Text: "I sent the bundle to pymetrics support."},
				{ID: "send-to-support.confirmed", Text: "pymetrics support confirmed the connection is set up."},
			},
			Rule:    RuleBundleExported,
			Done:    "The bundle is saved. Send it to pymetrics support if you have not yet.",
			Pending: "Save the onboarding bundle.",
		},
		{
			ID:    StepTestSSO,
			Title: "Test sign-in",
			Intro: "pymetrics supports only sign-in started from pymetrics (SP-initiated): start from the pymetrics Sign-on URL, Test this application or the pymetrics tile in My Apps, not from Entra's Login URL.",
			Instructions: []string{
				"In a private browser window (so your admin session does not get in the way), open the pymetrics Sign-on URL, or select Test this application on the pymetrics app's Single sign-on page, or the pymetrics tile in My Apps.",
				"Sign in as the test user: you arrive in pymetrics as that user. If Entra shows an error code instead, find it below.",
			},
			Checklist: []ChecklistItem{
				{ID: "test-sso.signed-in", Text: "The test user signed in to pymetrics."},
			},
			Rule:  RuleChecklist,
			Done:  "Single sign-on works.",
			Links: []Link{{Label: "Open My Apps", URL: MyAppsURL}},
		},
	}
}

// StepByID returns the step with the ID and whether it exists.
func StepByID(id StepID) (Step, bool) {
	for _, s := range Steps() {
		if s.ID == id {
			return s, true
		}
	}
	return Step{}, false
}

// stepIndex is the step's position in StepIDs, or -1.
func stepIndex(id StepID) int {
	for i, s := range StepIDs {
		if s == id {
			return i
		}
	}
	return -1
}

// checklistItem finds an item by ID across all steps.
func checklistItem(id string) (StepID, bool) {
	for _, s := range Steps() {
		for _, it := range s.Checklist {
			if it.ID == id {
				return s.ID, true
			}
		}
	}
	return "", false
}
