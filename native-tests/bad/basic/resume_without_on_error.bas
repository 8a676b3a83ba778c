' expect-error: 3:1: RESUME without ON ERROR GOTO in this program
PRINT 1
RESUME NEXT
