; Python 2 statements the grammar accepts but Python 3 rejects with SyntaxError.
;   @python2  print "x" / print >>f, x / exec "code"
(print_statement) @python2
(exec_statement) @python2
