site-name = Тест
hello = Привіт, { $nme }
things = { $count ->
    [one] { $count } річ
   *[other] { $count } речей
}
with-attr = Текст
uses-refs = { -brand } і { hello }
obsolete = Застаріле
blank = { "" }
site-name = Дубль
broken = { $x
