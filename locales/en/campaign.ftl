# Strings of this campaign: the site's name and the names of the signatories.

site-name = Joint statement of Ukrainian civil society organisations

## Signatories: names as in the published statement.

signatory-zmina = The Human Rights Centre ZMINA
signatory-east-sos = CF East SOS
signatory-stabilization-support-services = CF Stabilization Support Services
signatory-donbas-sos = NGO Donbas SOS
signatory-group-of-influence = NGO Civil Holding GROUP OF INFLUENCE
signatory-crimean-human-rights-group = The Crimean Human Rights Group
signatory-crimea-sos = NGO CrimeaSOS
signatory-right-to-protection = CF Right to Protection
