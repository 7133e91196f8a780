// One SoftHSM token on disk serves every test: its file store answers CKR_GENERAL_ERROR now and then when sessions
// of one process create and search objects at once, so these tests (about a second in all) run one at a time.
[assembly: DoNotParallelize]
