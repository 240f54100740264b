site-name = Ukrain insan aqları teşkilâtlarınıñ ortaq beyanatı

## İmzalağanlar.
# Translators: no organisation has an official Crimean Tatar name. Each keeps its own Latin-script
# (English) name, as published in the statement. Do not translate them.

signatory-zmina = The Human Rights Centre ZMINA
signatory-east-sos = CF East SOS
signatory-stabilization-support-services = CF Stabilization Support Services
signatory-donbas-sos = NGO Donbas SOS
signatory-group-of-influence = NGO Civil Holding GROUP OF INFLUENCE
signatory-crimean-human-rights-group = The Crimean Human Rights Group
signatory-crimea-sos = NGO CrimeaSOS
signatory-right-to-protection = CF Right to Protection
