"""Regression tables from real news: promotional and hedging findings that must, and must not, be made.

Every sentence below is quoted (shortened to the words around the finding) from real news in the
TUNE split of ``benchmarks/precision_audit.py``: SemEval-2023 Task 3 English training articles
with an even id and BASIL articles of 2010 and 2011. None comes from the AUDIT split (SemEval odd
ids, BASIL 2012), which is kept for measuring precision only (docs/quality.md).

A row is ``(text, words, expected)``. ``expected`` is either a category that must be reported on
exactly ``words``, or ``"not <category>"``: no finding of that category may cover ``words``.
Where a word is right in one sense and wrong in another, both senses have rows: "justice" in
"killing justice!" is a glittering generality, in "obstruction of justice" the name of a crime;
"believe" in "what i believe to be credible" is a hedge, in "he believes members of Congress" a
report of someone's view.
"""

from __future__ import annotations

import pytest

import framing as fr
from framing.registry import create
from framing.textunits import Document

#: Promotional words used in their loaded, hyperbolic or slogan sense.
PROMOTIONAL_MUST_FLAG = [
    ('opening up on Mueller and his team with both barrels of his massive Twitter following.', 'massive', 'hyperbole'),
    ('It’s a new monster.', 'monster', 'loaded'),
    ('Francis who reversed the previous, Benedict-era sentence against the notorious Italian priest-pederast Mario Inzoli at the request of the', 'notorious', 'loaded'),
    ('And it is precisely this “intense and fruitful path” taken by nearly all the Catholic world’s monastics', 'fruitful', 'metaphor'),
    ('unprecedented situation in which what is still considered mortally sinful in one diocese is an imperative of “mercy” in another?', 'sinful', 'loaded'),
    ('Now more than ever is the time to demand justice and free speech for Julian.', 'than ever', 'hyperbole'),
    ('the bottom of the priest-abuser problem was his appointment of the notorious homosexual, Monsignor Battista Ricca, as head of the', 'notorious', 'loaded'),
    ('for that, and this is an example of President Trump’s comments on fake news, he should not be sabotaged by fake news.', 'fake news', 'loaded'),
    ('hardware on Earth and in space, and we’ve seen countless of stunning snapshots taken from here on Earth as well as nearby', 'stunning', 'hyperbole'),
    ('He made it very clear in the early 90s that his views and mine were absolutely incompatible, and I’ve been saying that ever since.', 'absolutely', 'hyperbole'),
    ('Anti-Israel activist group J Street was very outraged when its leaders were described as "Kapos".', 'outraged', 'loaded'),
    ('and ideologically motivated attack on all who ever get labeled “extremists.', 'extremists', 'loaded'),
    ('which encouraged him to ‘Keep it up”, and not to worry about the “vicious attacks” and “threats”.', 'vicious', 'loaded'),
    ('Hitler embodies one type of modern Western annihilation.', 'annihilation', 'loaded'),
    ("It's time to jail Mueller and cancel this witch hunt!!!", 'witch hunt', 'metaphor'),
    ("I would imagine this outrageous overreach of papal authority on the Pope's part would make", 'outrageous', 'loaded'),
    ('advised Trump to appoint Rosenstein, a person committed to Trump’s destruction, as deputy attorney general, which is the ruling position', 'destruction', 'loaded'),
    ('so even though the implications for his Senate colleagues would be dire and even though doing so would render him an unofficial', 'dire', 'loaded'),
    ('them from the attacks and slanders they will inevitably receive from totalitarian leftist and Islamic forces.', 'totalitarian', 'loaded'),
    ('judgment because of kindness then love wounds itself by killing justice!', 'justice', 'glittering_generality'),
    ('includes a shocking amount of evidence pointing towards a classic deep state false flag operation.', 'deep state', 'loaded'),
    ('faithful: that Bergoglio’s very presence on the Chair of Peter is a grave threat to the common good of the Church and the integrity of the', 'grave threat', 'loaded'),
    ('Trump is extremely vilified not because he allegedly is/was racist/sexist, but because he threatens neoliberalism and', 'sexist', 'loaded'),
    ('Editors’ note: In light of the skyrocketing phenomenon of Muslim migrants stabbing unbelievers in', 'skyrocketing', 'hyperbole'),
    ('the reputation of a nation once considered at least somewhat noble in the eyes of the world.', 'noble', 'loaded'),
    ('Pope Francis set in the way he handled the abuse information “extremely dangerous.', 'extremely', 'hyperbole'),
    ('Honestly, I see a ton of corruption and warmongering in our own government that rivals some of that of', 'warmongering', 'loaded'),
    ('we’ve seen from NASA, but that doesn’t make the feat any less remarkable.', 'remarkable', 'hyperbole'),
    ('She called the behavior “absolutely unacceptable.', 'unacceptable', 'loaded'),
    ('Israel is too cowardly to try it a third time, and is relying on the stupid', 'cowardly', 'loaded'),
    ('as lacking in any magisterial weight whatsoever—and, in fact, in dire need of clarification and correction— has by papal fiat', 'dire', 'loaded'),
    ('their control, and at the moment, they are using the DNC as the mouthpiece for that.', 'mouthpiece', 'loaded'),
    ('but themselves and their vassals as evil criminals that must be destroyed.', 'destroyed', 'loaded'),
    ('Such actions are sinful and scandalous and we cannot allow anyone to use their position or power', 'scandalous', 'loaded'),
    ('There is so much leftist dirt to uncover.', 'leftist', 'loaded'),
    ('The demand for an FBI probe is “utter nonsense,” former U.S. Attorney Joseph diGenova said earlier this', 'nonsense', 'loaded'),
    ('whether the Saudi rulers, who preside over an authoritarian regime that allows little opposition, can be relied on to conduct', 'regime', 'loaded'),
    ('How about non-citizens and illegal aliens voting, Ms. Abrams?', 'illegal aliens', 'loaded'),
    ('of Islam and exposer of their crimes in his country and against his tyrannical arrest and imprisonment.', 'tyrannical', 'loaded'),
    ('In a statement, Manafort called the story “totally false and deliberately libelous” and said he was', 'totally', 'hyperbole'),
    ('The American people have a right to know its findings.', 'The American people', 'flag_waving'),
    ('sanity that would call that nation back to a path that would secure freedom for her children and her children’s children instead of a', 'freedom', 'glittering_generality'),
    ('situation and Attorney General Jeff Sessions should stop this Rigged Witch Hunt right now, before it continues to stain our', 'Rigged', 'loaded'),
    ("Maybe it's not the terrorists who are nuts.", 'terrorists', 'loaded'),
    ('by a large mainstream media campaign that created awareness about fake news.', 'fake news', 'loaded'),
    ('and raised concerns but solved none of the lingering mysteries the massive report released last week that found anti-Trump bias did', 'massive', 'hyperbole'),
    ('because it implicates dozens of House Democrats in what could be the biggest crime of spying in US history by Muslim IT spy Imran Awan', 'biggest', 'hyperbole'),
    ('is why the vaccine-pharma cartels routinely turn to irrational fear propaganda to demand absolute and unquestioning acceptance of risky', 'propaganda', 'loaded'),
    ('It’s essentially an admission of guilt, given that it is absolutely ludicrous to think that “national security” would be', 'absolutely', 'hyperbole'),
    ('How can you just sit there smiling, issuing bland platitudinous nonsense, while this lunatic drives the sheep off a cliff?', 'nonsense', 'loaded'),
    ('than reporting on the Gulf of Tonkin incident — perhaps one of most flagrant lies ever dreamed up as a justification for war.', 'flagrant', 'loaded'),
    ('Obviously, he is incredibly resilient.', 'incredibly', 'hyperbole'),
    ('an anti-Jewish video produced by former KKK leader and white supremacist David Duke on the AMANA website.', 'supremacist', 'loaded'),
    ('Awan’s brothers found out she emailed the FBI on specific dates and lashed out at her: “You’re a liar, aren’t you?', 'lashed out', 'loaded'),
    ('President Trump seemed to be publicly siding with the Russian dictator against the American intelligence agencies.', 'dictator', 'loaded'),
    ('But of course, it’s all because of journalists who supposedly hate Islam and Muslims.', 'hate', 'loaded'),
    ('Center, is an investigative journalist and writer focusing on the radical left and Islamic terrorism.', 'radical', 'loaded'),
    ('about sending “an ultimatum” to the Visegrád countries which “reject solidarity”.', 'solidarity', 'glittering_generality'),
    ('when confronted by a Pope who, as a prominent cardinal declares to the whole world, “fail[s] to maintain and transmit faithfully … the', 'the whole world', 'hyperbole'),
    ('The City of #Westerville suffered a tremendous loss today.', 'tremendous', 'hyperbole'),
    ('if this is not perhaps part of a new ideology of evil, perhaps more insidious and hidden, which attempts to pit human rights against the', 'insidious', 'loaded'),
    ('is a heavily armed spaceship the size of a city, which will rain destruction upon white America but save those who embrace the Nation', 'destruction', 'loaded'),
    ('When the Americans occupied the republics of the Indians, they annihilated millions of human beings.', 'annihilated', 'loaded'),
    ('record, is being smeared on the national stage by a political lynch mob out for blood.', 'mob', 'loaded'),
    ('Homeschooling rates are skyrocketing as parents are continually getting more and more upset at', 'skyrocketing', 'hyperbole'),
    ('she has gone full rogue, prohibiting the deportation of all these illegal aliens who already had their day in immigration court.', 'illegal aliens', 'loaded'),
    ('There is a culture of corruption in Washington D.C., and we desperately need to drain the', 'corruption', 'loaded'),
    ('also detailed the central role she played in the particularly gruesome torture of detainee Abu Zubaydah.', 'gruesome', 'loaded'),
    ('The religious assistant will have unprecedented powers.', 'unprecedented', 'hyperbole'),
    ('the opportunity to attack desperate Democrats for their efforts at character assassination.', 'character assassination', 'metaphor'),
    ('were taught, a good strategy was to blame the assassination on a communist because then they could smear anyone who challenged the', 'communist', 'loaded'),
]

#: Neutral, legal or literal senses: a named crime or law, an institution, a standard term, a plain superlative.
PROMOTIONAL_MUST_NOT_FLAG = [
    ('Whom do you consider to be the most corrupt Democrat Politician?', 'the most', 'not hyperbole'),
    ('The deadly plague outbreak that has struck Madagascar’s major cities', 'deadly', 'not loaded'),
    ('extraordinaire, Senator Marco Rubio (R-FL), pointed out that voter fraud going on in Florida just a day after the elections', 'fraud', 'not loaded'),
    ('on the radar of counterterror officials for 13 years on suspicion of jihad activity.', 'jihad', 'not loaded'),
    ('Not a single scandal to see here.', 'scandal', 'not loaded'),
    ('Hadeed withdrew earlier allegations of fraud and asked the judge to try the case based solely on', 'fraud', 'not loaded'),
    ('If this be treason, make the most of it.', 'the most', 'not hyperbole'),
    ('However, the totality of the evidence points to possible immigration fraud and student loan fraud.', 'fraud', 'not loaded'),
    ('A Palestinian state would be a new base for renewed jihad attacks against Israel.', 'jihad', 'not loaded'),
    ('Following is a transcript: Jihad Al-‘Ayesh: “Some people have shown up with a new fashion.', 'Jihad', 'not loaded'),
    ('that the insurance company took for its expenses in litigating the fraud allegations.', 'fraud', 'not loaded'),
    ('credentials violates CNN and Acosta’s First Amendment rights of freedom of the press, and their Fifth Amendment rights to due', 'freedom', 'not glittering_generality'),
    ('For over a decade, Bolton has been calling for regime change in Iran.', 'regime', 'not loaded'),
    ("step toward Wilson's imagined future where anyone can make a deadly weapon at home with no government oversight.", 'deadly', 'not loaded'),
    ('including rapid reloads and hand-to-hand combat, and told them jihad meant killing non-believers on behalf of Allah, according', 'jihad', 'not loaded'),
    ('The icy cigar was probably knocked askew by a violent collision with another object.', 'violent', 'not loaded'),
    ('close advisors; he was also the man who sought to clean up the abuse scandal in Boston after the departure of his predecessor, Cardinal', 'scandal', 'not loaded'),
    ('priest abuser Father Fernando Karadima and Bishop Juan Barros “a scandal of epic proportions.', 'scandal', 'not loaded'),
    ('the army, to end a wave of gang violence that has seen a string of deadly shootings, Prime Minister Stefan Lofven said in Wednesday.', 'deadly', 'not loaded'),
    ('The sexual assault allegation, which the nominee has denied, has upended his', 'assault', 'not loaded'),
    ('convicted in Cook County for felony aggravated criminal sexual assault and bodily harm.', 'assault', 'not loaded'),
    ('must also bring in brave Muslim individuals who genuinely reject Jihad and empower them in propagating their anti-jihadist vision', 'Jihad', 'not loaded'),
    ('Ibn Wahhaj, 40, wanted to “get an army together” and train them for jihad.', 'jihad', 'not loaded'),
    ('Ms Geller, of the Atlas Shrugs blog, and Mr Spencer, of Jihad Watch, are also co-founders of the American Freedom', 'Jihad', 'not loaded'),
    ('violate the Foreign Corrupt Practices Act (FCPA) and to commit wire fraud, seven counts of violating the FCPA, two counts of wire', 'fraud', 'not loaded'),
    ('forced to return to Australia last year to face charges of sexual assault.', 'assault', 'not loaded'),
    ('of the #Resistance may actually end up fighting obstruction of justice charges.', 'justice', 'not glittering_generality'),
    ('and all the things I’ve done… in its own way this might be the most important thing because this was corrupt.', 'the most', 'not hyperbole'),
    ('He obtained an associate’s degree in criminal justice and worked as a bus driver in Alexandria, Va.', 'justice', 'not glittering_generality'),
    ('disposition that the Trump administration has brought in to counter Jihad.', 'Jihad', 'not loaded'),
    ('The FBI has already conducted six background checks on Kavanaugh, the most recent one was done this summer.)', 'the most', 'not hyperbole'),
    ('about who the rightful policy holder was, given the allegations of fraud, and sent the decision to the courts to sort out on April', 'fraud', 'not loaded'),
    ('from the new child protection commission – a group plagued by such scandals and eventually ignored to death by Francis.', 'scandals', 'not loaded'),
    ('In light of the passage, the most common response to the question, "What was the sin of', 'the most', 'not hyperbole'),
    ('appears to be the exclusion decision from the Home Office on the Jihad Watch website, while Ms Geller posted a copy of her letter', 'Jihad', 'not loaded'),
    ('accuser tell a friend or family member or anyone about the alleged assault when it occurred?', 'assault', 'not loaded'),
    ('Even as the Myers scandal continues to simmer, the AJHS partnership with JVP is', 'scandal', 'not loaded'),
    ('When I was a prosecutor, obstruction of justice was often hard to prove, requiring difficult-to-obtain', 'justice', 'not glittering_generality'),
    ('The Guardian, which used to consider itself the most enlightened newspaper in the country, has probably been', 'the most', 'not hyperbole'),
    ('may have conspired with Stephen Paddock to commit murder with a deadly weapon.', 'deadly', 'not loaded'),
    ("Sweden's murder rate is relatively low in international terms, but gang", 'murder', 'not loaded'),
    ('foreign policy toward Iran by emphasizing an explicit policy of regime change, something the Obama administration opposed when', 'regime', 'not loaded'),
    ('have “purchase orders and vouchers” that allegedly show procurement fraud, as well as testimony from a Democratic chief of staff to', 'fraud', 'not loaded'),
    ('It was a jihad training camp.', 'jihad', 'not loaded'),
    ('counter-jihad movement is thus swept into the same group of violent extremists as Osborne, because Ganesh “knows” they encouraged him.', 'extremists', 'not loaded'),
    ('Kiko said in an April 2018 hearing spurred by the scandal that he was powerless to stop members who refused to fire', 'scandal', 'not loaded'),
    ('Khalidi was the former PLO spokesman at the center of the Obama tape scandal.', 'scandal', 'not loaded'),
    ('the church thought and hoped had ended nearly 20 years ago after the scandal erupted in Boston.', 'scandal', 'not loaded'),
    ('were reported to federal prosecutors to review for possible election fraud as Florida counties completed a required recount in three', 'fraud', 'not loaded'),
    ('J Street is on record as endorsing a politician who praised a racist hate group leader and discussed the "Jewish question.', 'hate', 'not loaded'),
    ('This scandal has set off a feeding frenzy as Internet sleuths search', 'scandal', 'not loaded'),
    ('war hawks from both sides of the isle actually chant for “regime change” on their behalf—is now the darling child of the', 'regime', 'not loaded'),
    ('It is the most serious mistake of his presidency and must be corrected', 'the most', 'not hyperbole'),
    ('Break: Ex-Dem IT aide Imran Awan pleads guilty to loan application fraud in federal court, as part of plea agreement.', 'fraud', 'not loaded'),
    ('during the 2016 election, which was wrought with cybersecurity scandals.', 'scandals', 'not loaded'),
    ('never dreamed of before; that this, the little unassuming wafer, was the most important thing in the world.', 'the most', 'not hyperbole'),
    ('She tiptoed around the alleged sexual assault itself, instead focusing on process-related questions', 'assault', 'not loaded'),
    ('with the pope and his Vatican media support jumping from one scandal to the next.', 'scandal', 'not loaded'),
    ('media that the monitors they sent to Broward County saw no election fraud.', 'fraud', 'not loaded'),
    ('it is more likely than not that Donald Trump has committed sexual assault.', 'assault', 'not loaded'),
    ('What led me to read that particular encyclical is the most clearly identifiable moment of actual grace in my young', 'the most', 'not hyperbole'),
    ('Kavanaugh is a non-federal matter and in this case the alleged assault hasn’t even been clearly outlined by the alleged victim.', 'assault', 'not loaded'),
    ('Francis has promised “zero tolerance” on child abuse, but scandals have kept recurring in several parts of the world', 'scandals', 'not loaded'),
    ('the truth and that they may actually have been involved in the deadly attack.', 'deadly', 'not loaded'),
    ('Most victims of sexual assault remember every detail – yes, even years later.', 'assault', 'not loaded'),
    ('list – Giuliani promised that the Trump Administration had made “regime change” a priority for Iran.', 'regime', 'not loaded'),
    ('The cascading revelations of papal sex scandals are toppling the barque of Peter.', 'scandals', 'not loaded'),
    ('Imran is in court July 3 for a possible plea deal in the bank fraud case.', 'fraud', 'not loaded'),
    ('Is co-sponsoring events with a hate group that has sponsored talks by a woman who accused Jews', 'hate', 'not loaded'),
    ('of a wave of Indonesian Christians who fled their country following deadly riots in 1998, learned of the policy change when he', 'deadly', 'not loaded'),
    ('compound had told authorities the child had been trained to use an assault rifle in preparation for a school shooting.', 'assault', 'not loaded'),
    ('come on the heels of the plague outbreak in Madagascar, which was the most recent epidemic to receive international aid attention', 'the most', 'not hyperbole'),
    ('is leading the investigation, has filed two counts of aggravated murder charges, according to the city of Westerville.', 'murder', 'not loaded'),
    ('He was sentenced in Virginia for bank and wire fraud.', 'fraud', 'not loaded'),
    ('in the Houses of Parliament on governance, extremism, gender, and hate crime and authored a number of reports in this area.', 'hate', 'not loaded'),
    ("Apparently, the US didn't learn from its first dealings in regime change decades ago and is now prepared to give it another", 'regime', 'not loaded'),
    ('Which is now a hate crime.', 'hate', 'not loaded'),
    ('Jewish Historical Society hosts and co-sponsors an event by a BDS hate group attacking the existence of Israel and featuring a', 'hate', 'not loaded'),
    ('For example, as Stephen Coughlin has revealed, the “violent extremists” the administration is clearly worried about', 'violent', 'not loaded'),
    ('three day waiting period for everybody,” “small steps” to ban assault rifles; “I don’t think he can say it [be]cause he’s trying', 'assault', 'not loaded'),
    ("that she had seen members of Snipes' staff engaging in voter fraud.", 'fraud', 'not loaded'),
    ('But health officials are now warning the deadly bacteria could mutate and become untreatable as it spreads', 'deadly', 'not loaded'),
    ('Do not count me among those who would minimize this alleged assault.', 'assault', 'not loaded'),
    ('police arrive on the 32nd floor where Stephen Paddock was firing his deadly fusillade onto concertgoers below?', 'deadly', 'not loaded'),
    ('security clearances, Trump’s tax returns and possible obstruction of justice.', 'justice', 'not glittering_generality'),
    ('Americans need answers about her past involvement in state sponsored torture programs.', 'torture', 'not loaded'),
    ('The regime change plan seeks to fundamentally shift U.S. policy', 'regime', 'not loaded'),
    ('in the 2016 presidential election and potential obstruction of justice, has for many months kicked off round after round of', 'justice', 'not glittering_generality'),
    ('early and in a coordinated way will be vital to containing this deadly disease.', 'deadly', 'not loaded'),
    ('a bunch of well-documented liars come out with yet another sexual assault allegation against a Trump appointee, let’s just say I’m', 'assault', 'not loaded'),
    ('No evidence of fraud in #FloridaElection?', 'fraud', 'not loaded'),
    ('And the label of “violent extremist” turns out to be used very generously.', 'extremist', 'not loaded'),
    ('scout” or “messenger”—is tumbling chaotically as the result of a violent collision.', 'violent', 'not loaded'),
    ('among National Security Council officials containing plans to spark regime change in Iran.', 'regime', 'not loaded'),
    ('Washington Post report on the new CIA head called her role in the torture programs of that era “extensive” and noted that at one', 'torture', 'not loaded'),
    ('documents say Siraj Ibn Wahhaj was conducting weapons training with assault rifles at the compound near the Colorado border that was', 'assault', 'not loaded'),
    ('that some sort of terrorist infiltration aided the Las Vegas Massacre.', 'Massacre', 'not loaded'),
    ("White House has violated CNN and @Acosta's First Amendment rights of freedom of the press and Fifth Amendment rights to due process.", 'freedom', 'not glittering_generality'),
]

#: Hedges and boosters in their epistemic sense.
HEDGING_MUST_FLAG = [
    ('bat mitzvah and said she had “helped him with a land deal,” the sources said.', 'sources said', 'hedge.vague_source'),
    ('that wrote the article teaching people to submit to authorities might want to take the time to read Romans 12:21 before', 'might', 'hedge.modal'),
    ('think I was a product of affirmative action,” and ethnic preferences doubtless played a role in admission to Stanford Law School.', 'doubtless', 'booster.adverb'),
    ('There may be a few gestures of disarmament but Kim must know that', 'may', 'hedge.modal'),
    ('on the Russia investigation — but his announcement last Friday is obviously part of the concluding steps of such negotiations.', 'obviously', 'booster.adverb'),
    ('Some preachers will keep silent about the truth, and others', 'Some', 'hedge.approximator'),
    ('long-time Vatican watchers say to me, more than once, “Maybe it’s really just that he wasn’t who we thought he was.', 'really', 'booster.adverb'),
    ("It appears then that Parolin's rescript constitutes a direct reply to", 'It appears', 'hedge.epistemic_verb'),
    ('Possibly not.', 'Possibly', 'hedge.epistemic_adverb'),
    ('He had given the FBI irrefutable evidence showing how contracts obtained from the same', 'irrefutable', 'booster.adverb'),
    ('that Islamic terrorism has nothing to do with Islam, despite the numerous Islamic texts and teachings that incite Muslims to wage', 'numerous', 'hedge.approximator'),
    ('In fact, I am starting to think that the willingness of most Catholics to go along with the entire charade of', 'most', 'hedge.approximator'),
    ('as far as her job with the department is concerned, she has already proven that she is no longer fit for duty, ever again.', 'proven that', 'booster.verb'),
    ('Regardless of what a person may be able to publish on the Internet, undetectable plastic', 'may', 'hedge.modal'),
    ('of 2017 and 2018 is being ignored by the mainstream media and we all know why that is.', 'we all know', 'booster.phrase'),
    ('verbal testimony about those notes, the content of the written notes usually prevails.', 'usually', 'hedge.approximator'),
    ('the virus can spread quickly between people and is fatal in up to 90 percent of cases.', 'up to', 'hedge.approximator'),
    ('The principles involved in this case are absolutely clear-cut.', 'absolutely', 'booster.adverb'),
    ('As long as Dwight and Steven Hammond remain in jail for what is obviously a gross miscarriage of justice, this matter remains a', 'obviously', 'booster.adverb'),
    ('press conference when Acosta refused to give up the microphone after several requests by President Trump to hand it over.', 'several', 'hedge.approximator'),
    ('She’s been one of the most powerful women in two Republican administrations.', 'one of the most', 'hedge.vague_source'),
    ('in American history, and tarnishing the reputation of a nation once considered at least somewhat noble in the eyes of the world.', 'considered', 'hedge.shield'),
    ('secrecy of records that are more than 50 years old or, apparently, some relating to secret correspondence between the CIA and the', 'some', 'hedge.approximator'),
    ('However, he noted that a false flag could be used to drag us into it.', 'could', 'hedge.modal'),
    ('to May 2018, implies that nearly 2 million foreign-born individuals may have actually settled in the country over those 12 months.', 'may have', 'hedge.modal'),
    ('anti-Chinese and anti-Christian violence, the non-Chinese Christians mostly stuck around, though the Chinese used tourist and student', 'mostly', 'hedge.approximator'),
    ('But the odds of getting details that precise are long indeed, and there is always a chance that a motivated classmate', 'indeed', 'booster.adverb'),
    ('Apparently, Solomon has learned that the FBI informant “has evidence', 'Apparently', 'hedge.epistemic_adverb'),
    ('Then, there are those who clearly come to the country to Islamasize the country because they', 'clearly', 'booster.adverb'),
    ('He also said Hasan had died a martyr, though in fact he remains alive on military death row.', 'in fact', 'booster.phrase'),
    ('surfaced in Broward, Santa Rosa, Citrus and Okaloosa counties and were reported to federal prosecutors to review for possible election', 'were reported', 'hedge.shield'),
    ('Americo, the life insurance company, said there was “great doubt” about who the rightful policy holder was, given the', 'doubt', 'hedge.epistemic_verb'),
    ('Absolutely not!', 'Absolutely', 'booster.adverb'),
    ('depressing picture; but as a demonstration of what “federations” are likely to achieve once Cor orans is implemented universally, it', 'likely', 'hedge.epistemic_adverb'),
    ('In his view, the government simply can’t go against the will of the', 'In his view', 'hedge.shield'),
    ('our minds are moulded, our tastes formed, our ideas suggested, largely by men we have never heard of.', 'largely', 'hedge.approximator'),
    ('Currently, two groups of migrants, according to various estimates numbering up to 6,500 people, mainly families', 'various', 'hedge.approximator'),
    ('a corner on the U.S. market, get a strong hold on our uranium, and without a doubt we knew they were using political levers to try to get', 'without a doubt', 'booster.phrase'),
    ('Needless to say, many were completely unsatisfied with Franken’s very weak', 'many', 'hedge.approximator'),
    ('It is truly homophobic for any bishop to lie to the gay community', 'truly', 'booster.adverb'),
    ('He has a very good sense of humor, and I have often laughed out loud with him about situations that others', 'often', 'hedge.approximator'),
    ("Orban's border wall virtually eliminated illegal immigration.", 'virtually', 'hedge.approximator'),
    ("say this, but this is worse than Robert Bork, and I didn't think it could get any worse than that.", 'could', 'hedge.modal'),
    ('that I had only ever heard about Catholic things from people who clearly hated the Church; her enemies, in short.', 'clearly', 'booster.adverb'),
    ('These patterns repeat every 11 years or so, but new research suggests that there’s a pattern behind', 'or so', 'hedge.approximator'),
    ('Given the Marxist leanings of the recent crop of Fathers General, it seems clear that what can be expected by “ongoing formation” is, in', 'it seems clear that', 'booster.phrase'),
    ('Right off the bat, this appears to be clear bribery, and a case could be made for treason.', 'this appears', 'hedge.epistemic_verb'),
    ('YOUNG: “… I do think he’s not saying specifically like I’m going to ban bump', 'think', 'hedge.epistemic_verb'),
    ('Wednesday that Wahhaj is the son of a Brooklyn imam who was a possible co-conspirator in the bombing of the World Trade Center in', 'possible', 'hedge.epistemic_adverb'),
    ('forefathers (Matthew 5:17-18), teach to submit to tyranny as if to suggest that it is somehow obedience to God (Romans 12:21).', 'suggest', 'hedge.epistemic_verb'),
    ('In normal times, this might be a big story.', 'might', 'hedge.modal'),
    ('Plainly the government of Ecuador is releasing lies about Assange', 'Plainly', 'booster.adverb'),
    ('And he may do so even though the implications for his Senate', 'may', 'hedge.modal'),
    ('did at least okay enough at the hearings that it looked like I might actually get confirmed, a new tactic was needed.', 'actually', 'booster.adverb'),
    ('Law and order is likely to be a major issue in a parliamentary election scheduled', 'likely', 'hedge.epistemic_adverb'),
    ('Indeed, the CHA issued only one public statement on the case and', 'Indeed', 'booster.adverb'),
    ('of not just poetry and prose in the Bible, but from what I’ve read almost every piece of history that’s in the Bible has eventually', 'almost', 'hedge.approximator'),
    ('But why is Fisher still “working hard not to assume the worst” when there is no longer anything to assume as', 'assume', 'hedge.epistemic_verb'),
    ('Recently, I have been made aware of what i believe to be credible evidence, credible information, regarding', 'believe', 'hedge.epistemic_verb'),
    ('Thousands of U.S. dead, tens of thousands of wounded, trillions of dollars sunk, and a Mideast awash in', 'thousands of', 'hedge.approximator'),
    ('regime against Iran’s nuclear installations and canceling the so-called “sunset” clause that places an end date on the', 'so-called', 'hedge.shield'),
    ('After spending almost a week in Mexico City, where many refused to accept asylum', 'almost', 'hedge.approximator'),
    ('he hasn’t bothered to do any serious investigation beyond a few Google searches.', 'a few', 'hedge.approximator'),
    ('Bible Forbid Man Marrying Man,’ he admitted that he “got sacked from many [county] boards, because there were a lot of gay people', 'many', 'hedge.approximator'),
    ('a filthy New Mexico compound to commit school shootings, prosecutors alleged in court documents Wednesday.', 'alleged', 'hedge.shield'),
    ('owned and started applying for jobs with the military, as well as some paramilitary organizations – like police and fire', 'some', 'hedge.approximator'),
    ('gained him the anger and hatred of Facebook’s guardians — who are clearly on the side of the Shariah enforcers and oppressors of', 'clearly', 'booster.adverb'),
    ('No doubt that the Deep State will want to take back the presidency', 'No doubt', 'booster.phrase'),
    ('Perhaps there is an easier way around all of this.', 'Perhaps', 'hedge.epistemic_adverb'),
    ('They couldn’t have been more wrong.', 'couldn’t have been more', 'booster.phrase'),
    ('It seemed like Chief Hall might not have been well informed on the law,” said Moore.', 'might', 'hedge.modal'),
    ('In fact, there are so many unanswered questions that the Drudge', 'In fact', 'booster.phrase'),
    ('She is the one claiming there was cancellation of hundreds of thousands of voter registrations.', 'thousands of', 'hedge.approximator'),
    ('Can the GOP establishment believe that if Trump falls, or they bring him down, they will', 'believe', 'hedge.epistemic_verb'),
    ('and Gomorrah serve as a powerful example of how God feels about sin in general, and homosexuality specifically.', 'in general', 'hedge.phrase'),
    ('I believe it is more likely than not that Roy Moore engaged in sexual misconduct with', 'likely', 'hedge.epistemic_adverb'),
    ('Sellner and Brittany Pettibone from the UK is just the latest of many, many examples of how the British government bans foes of', 'many', 'hedge.approximator'),
    ('but dimwitted Gregory VI, whose election was tainted by a seemingly simoniacal negotiation with Benedict, who had returned to', 'seemingly', 'hedge.epistemic_adverb'),
    ('It would be untrue to state that I had never heard any allegations about Cardinal McCarrick.', 'had never', 'booster.adverb'),
    ('Ford’s offer also increased the pressure on several key moderates — particularly GOP Sens.', 'several', 'hedge.approximator'),
    ('In recent days, CNN has interviewed dozens of people that worked on Capitol Hill, and almost every', 'dozens of', 'hedge.approximator'),
    ('Indeed, once the government discerns and labels the elements of', 'Indeed', 'booster.adverb'),
    ('Days later, he was also fired after surveillance video proved he was lying about what happened.', 'proved', 'booster.verb'),
    ('Currently, several thousand predominantly male Central American migrants', 'several', 'hedge.approximator'),
    ('that has been the subject of intrigue on Capitol Hill over the last few days.', 'few', 'hedge.approximator'),
]

#: Future in the past, deontic should and ought to, permission, plain negation, types ("that kind of"), reported belief, titles, manner ("made it clear").
HEDGING_MUST_NOT_FLAG = [
    ('However, Ford claims she never authorized her July letter to Senator Feinstein to be made', 'never', 'not booster.adverb'),
    ('The health alert advised that U.S. citizens in China should consult a medical professional if they experience any', 'should', 'not hedge.modal'),
    ('No, it never happened.', 'never', 'not booster.adverb'),
    ('Most Rev.', 'Most', 'not hedge.approximator'),
    ('But these critics never demonstrate that the oft-cited quotations are apocryphal', 'never', 'not booster.adverb'),
    ('An important concern was that they would allow us to use lay people on the Federal Council of the', 'would', 'not hedge.modal'),
    ('What would be the grounds for a declaration of deposition at such a', 'would', 'not hedge.modal'),
    ('who alleged that Imran solicited a bribe from him told TheDCNF he believes members of Congress are playing dumb and covering the', 'believes', 'not hedge.epistemic_verb'),
    ("and her prior criminal political activism, then you aren't thinking clearly.", 'clearly', 'not hedge.negated_booster'),
    ('Special counsel Mueller’s report should be made public without any delay.', 'should', 'not hedge.modal'),
    ('of CNN\'s complete fabrication of "news," telling stories that never happened.', 'never', 'not booster.adverb'),
    ('Who should replace Nikki Haley as our ambassador to the U.N.?', 'should', 'not hedge.modal'),
    ('A more simple question to him would be this: “Are you refusing submission to the Roman Pontiff', 'would', 'not hedge.modal'),
    ('Years before I ever lived in Newark, and never imagining that I would be assigned there, I had indeed read — as a somewhat geeky', 'would', 'not hedge.modal'),
    ('above concerning resignation from Church office in general, what would not apply to a pope, of all office holders, if he, as', 'would', 'not hedge.modal'),
    ("Get The Times of Israel's Daily Edition by email and never miss our top stories Free Sign Up", 'never', 'not booster.adverb'),
    ('I hope you never get it.', 'never', 'not booster.adverb'),
    ('Should Jim Acosta have gotten his press pass back?', 'Should', 'not hedge.modal'),
    ('also blasted Sessions because, he said, the former Alabama senator “never took control of the Justice Department.', 'never', 'not booster.adverb'),
    ("Democrats continued their smear of Kavanaugh by declaring they believed Dr. Christine Ford's allegations against him while at the", 'believed', 'not hedge.epistemic_verb'),
    ('Others are seen using cars to continue their trek towards the', 'Others', 'not hedge.vague_source'),
    ('Americans who believe the indictments and convictions are unaware that 97% of', 'believe', 'not hedge.epistemic_verb'),
    ('This is a work on which we can never rest in our vigilance, nor our efforts to improve.', 'never', 'not booster.adverb'),
    ('role in effectuating the criminal scheme with Condrey, Mikerin, and others.', 'others', 'not hedge.vague_source'),
    ('Maybe this group of people should ask their enemies for instructions as to how change is', 'should', 'not hedge.modal'),
    ('You may opt out at anytime.', 'may', 'not hedge.modal'),
    ("Perhaps from now on, President Trump should ignore Jim Acosta and take anyone and everyone else's", 'should', 'not hedge.modal'),
    ('* Yes, he should have gotten it back.', 'should', 'not hedge.modal'),
    ('admission to the sacraments of divorced and “remarried” people who believe themselves to be “at peace with God.', 'believe', 'not hedge.epistemic_verb'),
    ('The most recent grand minimum is thought to have occurred back in', 'The most', 'not hedge.vague_source'),
    ('That is the sort of evidence that this FBI informant has right now.', 'sort of', 'not hedge.approximator'),
    ("I'm not sure if he should have.", 'should', 'not hedge.modal'),
    ('more than a handful of people and have no right to aggress against others.', 'others', 'not hedge.vague_source'),
    ('Distressingly, US Ambassador to the UN Nikki Haley, the most outspoken supporter of decertifying Iranian compliance in', 'the most', 'not hedge.vague_source'),
    ('Muslim persecution of Christians, and enforce that silence upon others.', 'others', 'not hedge.vague_source'),
    ('do hope that is true, but unless the Brits are going to put the same kind of fear in their representatives that the Muslims are doing', 'kind of', 'not hedge.approximator'),
    ('But these are not the kind of questions that the presstitutes are interested in.', 'kind of', 'not hedge.approximator'),
    ('Though the order was issued on Tuesday, Fudenberg conferred with others and seems determined to not release the autopsy report', 'others', 'not hedge.vague_source'),
    ('of the Black Robed Regiment that the tyrant King George feared the most.', 'the most', 'not hedge.vague_source'),
    ('It is an act of love to hate sin and to call others to turn away from sin.', 'others', 'not hedge.vague_source'),
    ('This appears to be exactly what Siraj Ibn Wahhaj and others arrested at the compound are.', 'others', 'not hedge.vague_source'),
    ('attempt to overturn the result of the US Presidential election, is the most astonishing thing I have witnessed in my lifetime.', 'the most', 'not hedge.vague_source'),
    ('to those in the Muslim community who spew intolerance and would wish others harm.', 'others', 'not hedge.vague_source'),
    ('The most suspicious part of this whole situation is the timing.', 'The most', 'not hedge.vague_source'),
    ('Whomsoever the Lord has adopted and deemed worthy of His fellowship ought to prepare themselves for a hard, toilsome and unquiet life', 'ought to', 'not hedge.modal'),
    ('For the Middle East today is weeping, suffering and silent as others trample upon those lands in search of power or riches.', 'others', 'not hedge.vague_source'),
    ('Francis made it clear that the Argentine bishops’ interpretation of AL allowing', 'made it clear', 'not booster.verb'),
    ('Catholic newspaper Die Tagespost, the cardinal made it clear what he thinks about the recently presented German idea of blessing', 'thinks', 'not hedge.epistemic_verb'),
    ('Of course, this sort of behavior is not just limited to members of Congress.', 'sort of', 'not hedge.approximator'),
    ('on the papal flight gave the pope opportunity to say why exactly he believed the bishop instead of the survivors accusing him.', 'believed', 'not hedge.epistemic_verb'),
    ('OK, we know that, but if that is true, what sort of useful idiot is Smith?', 'sort of', 'not hedge.approximator'),
    ('May God give them the grace to do what must be done and what', 'May', 'not hedge.modal'),
    ('In this inexorable progress, determined by history, some people are going to have to die.', 'some people', 'not hedge.vague_source'),
    ('May these difficult days be days of great grace for this local', 'May', 'not hedge.modal'),
    ('But, practically speaking--in the real world--this kind of "accompaniment" is only green-lighting vice and mortal', 'kind of', 'not hedge.approximator'),
    ('second shooter comes on the heels of dozens of similar reports, with the most recent arriving in the form of air traffic control audio', 'the most', 'not hedge.vague_source'),
    ('HOLENESS: “There ought to be at least a three-day waiting period for everybody and a', 'ought to', 'not hedge.modal'),
    ('What would he think if he knew the anti-Israel purposes that CJH is putting', 'think', 'not hedge.epistemic_verb'),
    ('Returning home, an F-16 was hit and crashed, unleashing the most devastating Israeli attack in decades on Syria.', 'the most', 'not hedge.vague_source'),
    ('Many people were tortured and were starved to death there.', 'Many people', 'not hedge.vague_source'),
    ('the issue came to the attention of a much broader audience during the most recent papal trip, the outcry has been ongoing since his', 'the most', 'not hedge.vague_source'),
    ('He didn’t provide any support for his claim, which is contrary to evidence Kiko and Irving presented', 'claim', 'not hedge.shield'),
    ('material factors are what really matter to history, and to society, ought to get with the multiculturalist/Identity Politics program', 'ought to', 'not hedge.modal'),
    ('Does Mr. Ferrara believe that the Catholic Church under Pope Francis is a', 'believe', 'not hedge.epistemic_verb'),
    ('the bar announced that it had fired Jimenez because they believed such behavior was immoral, uncalled for, and not in', 'believed', 'not hedge.epistemic_verb'),
    ('Besides, diGenova explained, the eleventh-hour sexual abuse claim leveled against Kavanaugh is a non-federal matter and in', 'claim', 'not hedge.shield'),
    ('to claims about transparency which were likely to be popular -- most people, and the entire press corps, love transparency -- and', 'most people', 'not hedge.vague_source'),
    ('After being asked to confirm the information, dispatch goes on to make clear that she is specifically speaking about the bar at the top', 'make clear', 'not booster.verb'),
    ('Mohamad Khweis, unlike the dozens of other people in the United States who failed to join ISIS and were', 'other people', 'not hedge.vague_source'),
    ('an imperfect council is appropriate “when one or more Popes suffer uncertainty with regard to their election, as seems to have arisen in', 'uncertainty', 'not hedge.epistemic_adverb'),
    ('and Seifert are wrong to believe AL 303 implies that God is asking some people to continue to live in an objectively sinful state.', 'some people', 'not hedge.vague_source'),
    ('According to three knowledgeable sources, Trump has quizzed various people—administration officials, friends, his legal', 'various people', 'not hedge.vague_source'),
    ('I trust very, very few politicians no matter the party that they claim.', 'claim', 'not hedge.shield'),
    ('Osama bin Laden made it clear why al-Qaeda sought to attack the US.', 'made it clear', 'not booster.verb'),
    ('on God, nobly defend those rights which Heaven gave, and no man ought to take from us.', 'ought to', 'not hedge.modal'),
    ('Once exposed, some people will die within 24 hours.', 'some people', 'not hedge.vague_source'),
    ('She went on to write that she thinks the incorrect date was used because whoever sent the cure', 'thinks', 'not hedge.epistemic_verb'),
    ('time I had ever seen Catholic eucharistic doctrine clearly and – most importantly – unapologetically stated.', 'most', 'not hedge.approximator'),
    ('because WikiLeaks is producing the kind of journalism that they ought to be doing.', 'ought to', 'not hedge.modal'),
    ("Sanders also repeated the administration's claim from a day earlier that existing law already prohibits", 'claim', 'not hedge.shield'),
    ('To make it clear for him, I am contending that he and his co-author treat', 'make it clear', 'not booster.verb'),
    ('country they are being deported to that would avail them of another claim.', 'claim', 'not hedge.shield'),
    ('utterly disingenuous, as it turns out – that the labeling of certain people or groups as “violent extremists” is entirely due to their', 'certain people', 'not hedge.vague_source'),
]


@pytest.fixture(scope="module")
def dims():
    return {"promotional": create("promotional"), "hedging": create("hedging")}


def _findings(dim, text):
    return [(e.start, e.end, e.text, e.category) for e in dim.analyze(Document.from_text(text)).evidence]


def _spans(text, words):
    start = text.find(words)
    assert start >= 0, f"{words!r} is not in the row's text"
    while start >= 0:
        yield start, start + len(words)
        start = text.find(words, start + 1)


def _check(dim, text, words, expected):
    found = _findings(dim, text)
    if expected.startswith("not "):
        category = expected[4:]
        for a, b in _spans(text, words):
            wrong = [f for f in found if f[3] == category and f[0] < b and f[1] > a]
            assert not wrong, f"{words!r} must not be {category}: {wrong}"
    else:
        assert any(f[2] == words and f[3] == expected for f in found), (
            f"{words!r} must be found as {expected}; found {found}")


@pytest.mark.parametrize(("text", "words", "expected"), PROMOTIONAL_MUST_FLAG + PROMOTIONAL_MUST_NOT_FLAG)
def test_promotional_regressions(dims, text, words, expected):
    _check(dims["promotional"], text, words, expected)


@pytest.mark.parametrize(("text", "words", "expected"), HEDGING_MUST_FLAG + HEDGING_MUST_NOT_FLAG)
def test_hedging_regressions(dims, text, words, expected):
    _check(dims["hedging"], text, words, expected)


def test_tables_are_large_enough():
    assert len(PROMOTIONAL_MUST_FLAG) + len(PROMOTIONAL_MUST_NOT_FLAG) >= 150
    assert len(HEDGING_MUST_FLAG) + len(HEDGING_MUST_NOT_FLAG) >= 150


def test_seeds_are_not_read_as_mostly_doubt(seeds_dir):
    """Assertive promotional pieces: approximators, vague sources and "potential" are not doubt."""
    corpus = fr.load_corpus(seeds_dir, manifest=seeds_dir / "manifest.csv")
    articles, _ = fr.analyze(corpus)
    balance = articles["hedging_certainty_balance"].dropna()
    assert len(balance) >= 3
    assert (balance > -0.5).all(), balance.to_dict()
