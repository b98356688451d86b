/**
 * Words a generated passphrase never holds, though the dictionary's most frequent words include them: slurs, profanity,
 * sexual words, and words of violence, self-harm, hate and hard drugs. A passphrase is read aloud, typed in front of
 * others, and kept for years; "the generator chose it" is no comfort. Each is a plain word of the dictionary (3 to 9
 * letters) at or near the list's frequency ranks; the list takes the next most frequent words in their place, so its
 * size, and each word's 13 bits, do not change.
 */
export const EXCLUDED_PASSPHRASE_WORDS: ReadonlySet<string> = new Set([
  // Slurs and hate.
  'nigga', 'niggas', 'nigger', 'faggot', 'fag', 'retarded', 'nazi', 'nazis', 'hitler',
  // Profanity and insults.
  'fuck', 'fucks', 'fucking', 'fuckin', 'fucked', 'fucker', 'fuckers', 'shit', 'shitty', 'shitting', 'cunt', 'bitch',
  'bitches', 'whore', 'whores', 'slut', 'bastard', 'bastards', 'asshole', 'assholes', 'ass', 'asses', 'arse', 'dickhead',
  'prick', 'bugger', 'piss', 'pissed', 'pissing', 'crap', 'crappy', 'goddamn', 'damn', 'damned', 'idiot', 'idiots',
  'moron', 'stupid', 'loser', 'losers', 'sucker',
  // Sexual words.
  'cock', 'cocks', 'dick', 'dicks', 'pussy', 'penis', 'vagina', 'porn', 'sex', 'sexy', 'tits', 'boobs', 'horny', 'nude',
  'naked', 'hooker', 'pimp', 'stripper', 'sperm', 'condom', 'condoms', 'panties', 'pervert', 'lust', 'butt', 'butts',
  'balls', 'screwed', 'screwing', 'banging', 'banged',
  // Violence, self-harm, hard drugs.
  'rape', 'raped', 'rapist', 'murder', 'murdered', 'murderer', 'murders', 'murderers', 'murdering', 'kill', 'killed',
  'killing', 'killer', 'kills', 'killers', 'killings', 'suicide', 'assassin', 'assault', 'assaulted', 'torture',
  'tortured', 'abuse', 'abused', 'terrorist', 'terrorism', 'bomb', 'bombs', 'bombing', 'bomber', 'gunshot', 'gunshots',
  'stabbed', 'stabbing', 'slave', 'slaves', 'slavery', 'corpse', 'corpses', 'cocaine', 'heroin', 'meth',
]);
