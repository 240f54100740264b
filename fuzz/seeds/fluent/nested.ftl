deep = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"x"}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
calls = { NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(NUMBER(1)))))))))))))))))))))))))))))) }
sel = { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] { $n ->
 *[k] x
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
l1 = { l0 }{ l0 }{ l0 }{ l0 }{ l0 }{ l0 }{ l0 }{ l0 }{ l0 }{ l0 }
l2 = { l1 }{ l1 }{ l1 }{ l1 }{ l1 }{ l1 }{ l1 }{ l1 }{ l1 }{ l1 }
l3 = { l2 }{ l2 }{ l2 }{ l2 }{ l2 }{ l2 }{ l2 }{ l2 }{ l2 }{ l2 }
l4 = { l3 }{ l3 }{ l3 }{ l3 }{ l3 }{ l3 }{ l3 }{ l3 }{ l3 }{ l3 }
l5 = { l4 }{ l4 }{ l4 }{ l4 }{ l4 }{ l4 }{ l4 }{ l4 }{ l4 }{ l4 }
l6 = { l5 }{ l5 }{ l5 }{ l5 }{ l5 }{ l5 }{ l5 }{ l5 }{ l5 }{ l5 }
l7 = { l6 }{ l6 }{ l6 }{ l6 }{ l6 }{ l6 }{ l6 }{ l6 }{ l6 }{ l6 }
l0 = lol
