' expect-error: 3:3: an INTERFACE holds SUB and FUNCTION headers, not 'COUNT'
INTERFACE Store
  count AS INTEGER
END INTERFACE
