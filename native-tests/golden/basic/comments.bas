' a comment
REM another comment
PRINT "visible" ' trailing comment
10 REM numbered remark
PRINT "done"
