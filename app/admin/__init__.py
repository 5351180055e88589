"""The kiosk's staff side, without Qt: the staff PIN with its lockout (:mod:`app.admin.pin`) and
writing changed settings back to the config file (:mod:`app.admin.settings_file`)."""
