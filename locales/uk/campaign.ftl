site-name = Спільна заява українських правозахисних організацій

## Назви організацій — як на їхніх власних сайтах.

signatory-zmina = Центр прав людини ZMINA
signatory-east-sos = БФ «Схід SOS»
signatory-stabilization-support-services = БФ «Стабілізейшен Суппорт Сервісез»
signatory-donbas-sos = ГО «Донбас SOS»
# НЕ ПІДТВЕРДЖЕНО: українська назва GROUP OF INFLUENCE не підтверджена організацією; це найімовірніша форма.
signatory-group-of-influence = ГО «Громадський холдинг «Група впливу»»
signatory-crimean-human-rights-group = Кримська правозахисна група
signatory-crimea-sos = ГО «КримSOS»
signatory-right-to-protection = БФ «Право на захист»
