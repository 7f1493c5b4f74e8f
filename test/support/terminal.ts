// What a terminal acts on, for tests that check none of it reaches the screen.

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters the tests look for
export const interpreted = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
/** Text without the colour codes (SGR) the program writes itself. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: SGR starts with ESC
export const withoutOwnColour = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '')
