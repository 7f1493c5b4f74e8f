// Preloaded with `node --import` by the start-up guard test: reports the first use of ICU's collator (localeCompare,
// Intl.Collator), whose set-up costs ~5 ms of the start-up it happens in.
const said = () => process.stderr.write('COLLATOR-USED\n')
const localeCompare = String.prototype.localeCompare
String.prototype.localeCompare = function (...args) {
  said()
  String.prototype.localeCompare = localeCompare
  return localeCompare.apply(this, args)
}
const Collator = Intl.Collator
Intl.Collator = (...args) => {
  said()
  return new Collator(...args)
}
