### German: what differs between the hotline's lines (numbers). Same messages in
### every language (tests enforce it).

# The hotline's name in the greeting, for a line that configures none in this
# language (HOTLINE_LINES names).
hotline_name = Solidaritätstelefon
# To a returning caller, after the welcome, in every language of the line.
other_language_option = Andere Sprache? Drücken Sie 9.
