skip-link = Aller au contenu
languages-label = Langue
pages-label = Pages
statement-link = La déclaration
all-languages = Toutes les langues
choose-language = Choisir une langue
footer-privacy = Ce site ne charge rien depuis d’autres sites : ni polices, ni scripts, ni traceurs, ni cookies.

draft-notice = Ceci est une traduction provisoire non officielle, qui n’a pas encore été relue.
draft-notice-link = Lire l’original ({ $language }).

fallback-notice = Cette page n’est pas encore traduite en { $language } ; vous lisez la version en { $source }.

demand-link-label = Lien vers la revendication { $number }

signatories-heading = Signataires
signatories-count = { $count ->
    [one] Signée par { $count } organisation
    [many] Signée par { $count } d’organisations
   *[other] Signée par { $count } organisations
}

not-found-title = Page introuvable
not-found-home = Aller à la déclaration en français

date-long = { $day } { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
} { $year }

outdated-notice = Le texte original a changé depuis cette traduction ; elle n’est peut-être plus à jour.
outdated-notice-link = Voir l’original ({ $language }).

translate-link = Aider à traduire
translate-title = Traductions de ce site
translate-intro = Des bénévoles traduisent cette déclaration. Le tableau montre l’état de chaque langue ; une traduction provisoire n’a pas encore été relue.
translate-howto = Pour ajouter ou améliorer une langue, suivez le guide TRANSLATING.md dans les fichiers sources du site, puis lancez « zaklyk check » pour voir ce qui manque.
translate-language = Langue
translate-messages = Textes de l’interface
translate-pages = Pages
translate-drafts = Provisoires
translate-outdated = Périmées
translate-missing = Non traduites

## Sharing and offline copies.

share-heading = Partager
share-email = E-mail
share-copy = Ou copiez l’adresse :
download-heading = Télécharger pour lire hors ligne
download-zip = Tout le site, dans toutes les langues (ZIP, { $size } Ko)
download-page = Cette déclaration en un seul fichier (HTML, { $size } Ko)
download-sums = Sommes de contrôle SHA-256 pour vérifier une copie
offline-notice = Ceci est une copie hors ligne. Le site est en ligne à l’adresse
offline-readme =
    Ceci est une copie hors ligne du site « { $title } ».
    Pour la lire, décompressez l’archive et ouvrez le fichier index.html dans un navigateur ; aucune connexion n’est nécessaire.
    Le site est en ligne à l’adresse { $url }
    Pour vérifier que cette copie n’a pas été modifiée, comparez sa somme de contrôle SHA-256 avec celle publiée à l’adresse { $sums }

## The preview's error page (zaklyk serve).

serve-error-title = Le site n’a pas pu être reconstruit
serve-error-intro = Corrigez les problèmes ci-dessous et enregistrez : cette page se recharge d’elle-même. Les autres pages montrent encore la dernière version valide.

download-signature = Signature Ed25519 des sommes de contrôle
download-key = clé publique, empreinte
