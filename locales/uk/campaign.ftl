# source: d1df9eed162dfb6b
site-name = Спільна заява українських організацій громадянського суспільства

## Назви організацій — як на їхніх власних сайтах.

# source: 7346ac613c970dde
signatory-zmina = Центр прав людини ZMINA
# source: 4e21d9b1a0763dbc
signatory-east-sos = БФ «Схід SOS»
# source: a34bac2994c3c155
signatory-stabilization-support-services = БФ «Стабілізейшен Суппорт Сервісез»
# source: fcf10a7b5ec8f5d0
signatory-donbas-sos = ГО «Донбас SOS»
# НЕ ПІДТВЕРДЖЕНО: українська назва GROUP OF INFLUENCE не підтверджена організацією; це найімовірніша форма. Назву групи написано великими літерами, як в опублікованій заяві (GROUP OF INFLUENCE).
# source: 7b9fa1f5a4058072
signatory-group-of-influence = ГО «Громадський холдинг „ГРУПА ВПЛИВУ“»
# source: e159857aaad5c0a7
signatory-crimean-human-rights-group = Кримська правозахисна група
# source: 889585c148d70f7f
signatory-crimea-sos = ГО «КримSOS»
# source: 9e9fe03a3a844e6d
signatory-right-to-protection = БФ «Право на захист»
