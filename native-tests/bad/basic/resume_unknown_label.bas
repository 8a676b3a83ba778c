' expect-error: 4:1: unknown label LATER
ON ERROR GOTO H
H:
RESUME Later
