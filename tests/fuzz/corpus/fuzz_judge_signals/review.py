def uniq(xs, acc=[]):
	seen = []
	for x in xs:
		if x not in seen:
			seen.append(x)
	return [y for y in xs for z in xs]
