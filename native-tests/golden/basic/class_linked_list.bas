' A linked list of objects built in a loop, walked by procedures that use main's variables.
CLASS Node
  value AS INTEGER
  label AS STRING
  nxt AS Node
  SUB NEW(v AS INTEGER)
    ME.value = v
    ME.label = "n" + STR$(v)
  END SUB
END CLASS

DIM head AS Node
DIM count AS INTEGER

SUB Push(v AS INTEGER)
  DIM n AS Node
  n = NEW Node(v)
  n.nxt = head
  head = n
  count = count + 1
END SUB

FUNCTION Sum(start AS Node) AS INTEGER
  DIM cur AS Node
  cur = start
  Sum = 0
  WHILE cur <> NOTHING
    Sum = Sum + cur.value
    cur = cur.nxt
  WEND
END FUNCTION

FUNCTION Find(v AS INTEGER) AS Node
  DIM cur AS Node
  cur = head
  DO WHILE NOT (cur = NOTHING)
    IF cur.value = v THEN
      Find = cur
      EXIT FUNCTION
    END IF
    cur = cur.nxt
  LOOP
  Find = NOTHING
END FUNCTION

FOR i = 1 TO 5
  Push(i * i)
NEXT
PRINT "count "; count; " sum "; Sum(head)
DIM hit AS Node
hit = Find(9)
IF hit <> NOTHING THEN PRINT "found "; hit.label; " next "; hit.nxt.label
IF Find(7) = NOTHING THEN PRINT "no 7"
PRINT head.nxt.nxt.value
' Free every node.
DIM nx AS Node
WHILE head <> NOTHING
  nx = head.nxt
  DELETE head
  head = nx
WEND
PRINT "freed"; head = NOTHING
