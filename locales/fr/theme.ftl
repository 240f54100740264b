# source: 7c49b318854cf5e5
skip-link = Aller au contenu
# source: 8397fbbfb9ebad3a
languages-label = Langue
# source: e238a18c6faa119d
pages-label = Pages
# source: 2b591c7b6184623a
statement-link = La déclaration
# source: c5c39bd51cbe27f3
all-languages = Toutes les langues
# source: 86fda7810a65bf5d
choose-language = Choisir une langue
# source: 6a0a3bf8b286464d
footer-privacy = Ce site ne charge rien depuis d’autres sites : ni polices, ni scripts, ni traceurs, ni cookies.

# source: 58e0e923734a0e1d
draft-notice = Ceci est une traduction provisoire non officielle, qui n’a pas encore été relue.
# source: 785c06878fbac3c1
draft-notice-link = Lire l’original ({ $language }).

# source: 207a480b54caecaf
fallback-notice = Cette page n’est pas encore traduite. Langue de cette version : { $source }.

# source: 00db0d599e2a2e9f
demand-link-label = Lien vers la revendication { $number }
# source: 29343006a8994676
demand-untranslated = Cette revendication n’est pas encore traduite.

# source: 9dc4cf20c50e7b19
signatories-heading = Signataires
# Le français : one (0 et 1) et other. Les données CLDR récentes ajoutent many (les millions
# exacts : 1 000 000) ; zaklyk ne l’utilise pas encore, mais la forme est prête. En chiffres, le nom
# suit sans « de » : « 1 000 000 organisations » (« d’ » ne suit que le mot « million »).
# source: f4fd8e898fe6d504
signatories-count = { $count ->
    [one] Signée par { $count } organisation
    [many] Signée par { $count } organisations
   *[other] Signée par { $count } organisations
}

# source: dde6f523cb192841
not-found-title = Page introuvable
# source: e5ec0bec52864e37
not-found-home = Aller à la déclaration en français

# Le premier du mois s’écrit « 1er ». La sélection sur $day ne reconnaît que la valeur 1 ; sa clé
# par défaut, [jour], n’est pas une forme du pluriel.
# source: 8611831968caba88
date-long = { $day ->
    [1] 1er
   *[jour] { $day }
} { $month ->
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

# source: 1a9014a2f1e3bc29
outdated-notice = Le texte original a changé depuis cette traduction ; elle n’est peut-être plus à jour.
# source: 3e0e8142da31a03c
outdated-notice-link = Voir l’original ({ $language }).

# source: f0f9e2d184d5bdb2
translate-link = Aider à traduire
# source: 9d256ee8e5857f25
translate-title = Traductions de ce site
# source: f38fca80d8114ded
translate-intro = Des bénévoles traduisent cette déclaration. Le tableau montre l’état de chaque langue ; une traduction provisoire n’a pas encore été relue.
# source: 7f679c7a68b9e518
translate-howto = Pour ajouter ou améliorer une langue, suivez le guide TRANSLATING.md dans les fichiers sources du site, puis lancez « zaklyk check » pour voir ce qui manque.
# source: dad0a5c7d4050a78
translate-language = Langue
# source: f98f09109f457213
translate-messages = Textes de l’interface
# source: 5f1ce0761da31fa5
translate-pages = Pages
# source: c070b0c439dfeb4c
translate-demands = Revendications
# source: 227ad3e407d5c204
translate-drafts = Provisoires
# source: 857f780f831394c3
translate-outdated = Périmées
# source: 7e2dbc67abff73c1
translate-missing = Non traduites

## Sharing and offline copies.

# source: b78003dbfac077c2
share-heading = Partager
# source: 24481f34d0e07d73
share-email = E-mail
# source: 00aa4c3b51c1b896
share-copy = Ou copiez l’adresse :
# source: 1d4c64d886cf6123
download-heading = Télécharger pour lire hors ligne
# source: b6dd0caef838aac2
download-zip = Tout le site, dans toutes les langues (ZIP, { $size } Ko)
# source: 0cd2d70397e9a56e
download-page = Cette déclaration en un seul fichier (HTML, { $size } Ko)
# source: 3f7ef7f5ba148949
download-sums = Sommes de contrôle SHA-256 pour vérifier une copie
# source: 787dc77a5abac65b
offline-notice = Ceci est une copie hors ligne. Le site est en ligne à l’adresse
# source: ecc27b19f7de4271
offline-readme =
    Ceci est une copie hors ligne du site « { $title } ».
    Pour la lire, décompressez l’archive et ouvrez le fichier index.html dans un navigateur ; aucune connexion n’est nécessaire.
    Le site est en ligne à l’adresse { $url }
    Pour vérifier que cette copie n’a pas été modifiée, comparez sa somme de contrôle SHA-256 avec celle publiée à l’adresse { $sums }

## The preview's error page (zaklyk serve).

# source: bbda93aa49ed5382
serve-error-title = Le site n’a pas pu être reconstruit
# source: 4278984596502543
serve-error-intro = Corrigez les problèmes ci-dessous et enregistrez : cette page se recharge d’elle-même. Les autres pages montrent encore la dernière version valide.

# source: 8eb12e0c5c26162e
download-signature = Signature Ed25519 des sommes de contrôle
# source: 91eb825ad86bd1b2
download-key = clé publique, empreinte
# source: 65881fff1c066596
translate-guide = Lire le guide des traducteurs (en anglais).

## If this site is blocked: mirrors, the onion address, checksums.

# source: 92d128ab3b9677c3
blocked-heading = Si ce site est bloqué
# source: 4071077d36694153
blocked-mirrors = Le même site à d’autres adresses :
# source: a506542dcc22fb52
blocked-onion = Dans le navigateur Tor, à cette adresse (copiez-la dans la barre d’adresse) :
# source: 815334c0fd728bd0
download-checksum = Somme de contrôle SHA-256 :
# source: 3bff44d71845390b
mirror-readme =
    Ce dossier contient le site « { $title } », prêt à être publié à une autre adresse pour les lecteurs qui ne peuvent pas accéder à { $url }
    Pour publier une copie, téléversez tout le contenu du dossier « site » chez n’importe quel hébergeur web. Les pages fonctionnent à n’importe quelle adresse et dans n’importe quel sous-dossier ; ni base de données ni programme ne sont nécessaires. Le fichier nginx.conf qu’il contient est une configuration prête pour le serveur nginx : modifiez-y root et server_name.
    Copies connues : { $mirrors }
    Pour vérifier que cette copie n’a pas été modifiée, comparez la somme de contrôle SHA-256 de { $name }-mirror.zip avec celle publiée à l’adresse { $sums } (par exemple avec la commande : sha256sum { $name }-mirror.zip).

# source: 85ed55ba0d7ab885
card-demand = Revendication { $number }
# source: 6318325bc7ed4cc7
demand-page-title = Revendication { $number }
# source: b09fe01581681dda
demand-page-link = La page de cette revendication
# source: 1db8eb488d7db6e6
demand-in-statement = Lire la revendication { $number } dans la déclaration
# source: 7c35b729bbbe55c6
card-download = L’image de cette revendication, à partager (PNG)
# source: 2c4cef24284d782a
sheet-link = Les revendications sur une feuille, à imprimer
# source: 8be6c7851383b9ed
sheet-intro = Les revendications de la déclaration sur une feuille, à imprimer et à faire circuler.
# source: d3fb34ad779b9f91
sheet-read-all = Lire toute la déclaration.
# source: fd24712ab9b61b3c
qr-label = Code QR de { $url }
# source: e71fa2125477f34f
qr-caption = En ligne :
# source: dcd2e32f283c9c88
updates-title = Actualités
# source: 446095d3a249f7ea
updates-feed = Actualités (flux Atom)
# source: de4f25e5ed2dbd83
updates-none = Pas encore d’actualités.
