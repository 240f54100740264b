site-name = Wspólne oświadczenie ukraińskich organizacji praw człowieka

## Signatories.
# Translators: no official Polish names of these organisations are known, so each keeps the
# name it has in the published English statement. Replace a name only with the organisation's own.

signatory-zmina = The Human Rights Centre ZMINA
signatory-east-sos = CF East SOS
signatory-stabilization-support-services = CF Stabilization Support Services
signatory-donbas-sos = NGO Donbas SOS
signatory-group-of-influence = NGO Civil Holding GROUP OF INFLUENCE
signatory-crimean-human-rights-group = The Crimean Human Rights Group
signatory-crimea-sos = NGO CrimeaSOS
signatory-right-to-protection = CF Right to Protection
