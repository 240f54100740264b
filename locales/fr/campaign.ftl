# source: d1df9eed162dfb6b
site-name = Déclaration commune d’organisations ukrainiennes de la société civile

## Signatories.
# Translators: no official French names of these organisations are known, so each keeps the
# name it has in the published English statement. Replace a name only with the organisation's own.

# source: 7346ac613c970dde
signatory-zmina = The Human Rights Centre ZMINA
# source: 4e21d9b1a0763dbc
signatory-east-sos = CF East SOS
# source: a34bac2994c3c155
signatory-stabilization-support-services = CF Stabilization Support Services
# source: fcf10a7b5ec8f5d0
signatory-donbas-sos = NGO Donbas SOS
# source: 7b9fa1f5a4058072
signatory-group-of-influence = NGO Civil Holding GROUP OF INFLUENCE
# source: e159857aaad5c0a7
signatory-crimean-human-rights-group = The Crimean Human Rights Group
# source: 889585c148d70f7f
signatory-crimea-sos = NGO CrimeaSOS
# source: 9e9fe03a3a844e6d
signatory-right-to-protection = CF Right to Protection
