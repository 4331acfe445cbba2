/**
 * Forty real consumer complaint summaries (each under 400 characters) from the US NHTSA Office of Defects
 * Investigation (ODI) consumer complaints database: a US federal government work, public domain. Copied from
 * nhtsa_complaints_porsche.json in the project's shared data folder, verbatim except that whitespace is collapsed and
 * the reviewers' tags ("TL*", "*TR") are dropped; the ODI number of each is in the comment above it.
 *
 * The demo uses them as the English text a customer or dealer pasted into some complaints. They are grouped by the
 * complaint category they describe, so a brake complaint never carries an airbag story.
 */
export const NHTSA_SUMMARIES_BY_CATEGORY: Record<string, string[]> = {
  'C-COMPLAINT-PRODUCT-ENGINE': [
    // ODI 10555355, 2007 911, ENGINE
    'COOLANT LEAK CAUSED BY FITTING FAILURE. REPAIR REQUIRES ENGINE REMOVAL TO REPLACE PLASTIC FITTINGS.',
    // ODI 10543556, 2007 911, ENGINE
    'COOLANT HOSE COUPLING CAME LOSE WHILE DRIVING THE VEHICLE AT SPEED, RESULTING IN LOSS OF ALL ENGINE COOLANT. COOLANT SPILLED RESULTED IN TEMPORARY REDUCTION OF VEHICLE TRACTION, FORTUNATELY WITHOUT INCIDENT. ENGINE DAMAGE DUE TO POSSIBLE OVERHEATING IS UNDER INVESTIGATION.',
    // ODI 10533689, 2007 911, ENGINE
    'DRIVING AT A CONSTANT 50MPH AND HAD A VERY STRONG COOLANT SMELL COME THROUGH THE CABIN. PULLED OVER AND SAW COOLANT SLOWLY DRIPPING UNDER ENGINE. LET CAR COOL DOWN AND DROVE HOME. HAVE NOT DRIVEN CAR SINCE. SCHEDULED A APPOINTMENT WITH DEALER FOR 08/08/13.',
    // ODI 10519985, 2007 911, ENGINE
    'ENGINE COOLANT LEAKING AT UPPER COOLANT CONSOLE. EPOXY FAILED AT ALUMINUM COOLING HOSE AND COOLING CONSOLE CONNECTION POINT. AT A LATER DATE, REPEATED FAILURE OF COOLING HOSE CONNECTIONS AT RIGHT FRONT RADIATOR.',
  ],
  'C-COMPLAINT-PRODUCT-TRANSMISSION': [
    // ODI 10644158, 2009 Boxster, POWER TRAIN
    'VEHICLE (MANUAL TRANSMISSION) STUCK IN FIRST GEAR WHILE ENTERING CROSS STREET. VERY DANGEROUS SITUATION. I MANAGED TO AVOID AN ACCIDENT, BUT IT WAS A CLOSE CALL. THE 6 SPEED MANUAL TRANSMISSION IS UNABLE TO SHIFT OUT OF FIRST GEAR.',
    // ODI 11161101, 2006 Cayenne, POWER TRAIN
    'TRANSMISSION SELECTOR GUIR WORKING VEHICLE NOW STARTS IN GEAR AND CAN DRIVE AWAY WHILE YOU HAVE SELECTOR IN PARK',
    // ODI 11230616, 2009 Cayenne, POWER TRAIN
    'DRIVE SHAFT GOES OFF UNEXPECTEDLY RESULTING IN VIOLENT SHAKING OF VEHICLE AND LOSS OF CONTROL WHILE VEHICLE WAS IN MOTION',
  ],
  'C-COMPLAINT-PRODUCT-ELECTRICAL': [
    // ODI 10230885, 2005 Boxster, ELECTRICAL SYSTEM
    'THIS IS THE SECOND TIME, AFTER A RAIN STORM, OUR 2005 PORSHE BOXSTER WOULD NOT START. DEALER SAYS IT IS WATER IN THE ELECTRICAL HARNESS. IS THIS A DESIGN FLAW?',
    // ODI 11232505, 2013 Cayenne, ELECTRICAL SYSTEM
    'THE DISPLAY UNIT WHICH FUNCTION THE NAVIGATION AND RADIO STOPPED WORKING AND IT KEEPS REBOOTING. AFTER DO FURTHER RESEARCH THIS IS A COMMON PROBLEM FOR MANY YEARS. WITHOUT THE NAVIGATION WE ARE FORCED TO USE OUR PHONES WHICH IS A HAZARD.',
    // ODI 11338403, 2014 Cayenne, ELECTRICAL SYSTEM
    'THE DASHBOARD LIGHTS ALL TURNS ON AND MESSAGE COMES UP INDICATING TO RESTART THE VEHICLE TO START. THIS HAPPENS WHEN THE CAR IS IN PARK GEAR TO UNLOAD SOMEONE AND WITHIN 2 MINS - 5 MINS THE ENGINE WILL STOP AND THE ABOVE MESSAGE APPEARS',
    // ODI 11451412, 2017 Cayenne, EXTERIOR LIGHTING
    'The headlights aren’t sealed correctly so water has leaked in and caused them to malfunction. Porsche is making me get them repaired at a cost of $4100',
  ],
  'C-COMPLAINT-PRODUCT-BRAKES': [
    // ODI 11235289, 2011 Cayenne, SERVICE BRAKES
    'I CAME TO A COMPLETE STOP ON A CITY STREET. I LET MY FOOT OFF THE BRAKE, THEN APPLIED MY FOOT BACK ON THE BRAKE AND THE BRAKE PAD WOULDN\'T GO DOWN, IT WAS HARD.',
    // ODI 11252689, 2015 Macan, SERVICE BRAKES
    'ABRUPT BRAKE FLUID LEAK. LOST PRESSURE IN SYSTEM AND LEAKAGE AT FRONT PASSENGER SIDE WHEEL.',
    // ODI 11551331, 2017 Macan, SERVICE BRAKES
    'While driving at approximately 40 mph, traffic began to slow. When I attempted to slow to match traffic conditions, my brake pedal offered almost no resistance and sank to the floor. The car did not slow. I pumped the brake pedal repeatedly but it had no connection to the cars brakes. A vehicle collision occurred as a result as I coasted into the car ahead of me.',
    // ODI 10992795, 2017 Macan, SERVICE BRAKES
    'BRAKES ARE VERY SPONGY AND NEEDS TO BE PUMPED TO GET IMPROVED BRAKING. VERY RISKY IN SLOW SPEED DUE TO NO TIME/SPACE TO PUMP THE BRAKE. SEVERAL CLOSE CALLS DURING THE PAST FEW MONTHS. I TOOK THE CAR TO DEALER ON 5/15/17 TO CHECK. DEALER REPORT THAT THE BRAKES ARE NORMAL! I UNDERSTAND THAT ARE MANY COMPLAINTS BY THE MACAN OWNERS IN THE MACAN FORUM. PLEASE LOOK INTO THIS SAFETY ISSUE.',
  ],
  'C-COMPLAINT-PRODUCT-STEERING': [
    // ODI 10465875, 2012 Panamera, STEERING
    'POWER STEERING FAILED SUDDENLY, CAR BECAME VERY DIFFICULT TO STEER. THIS IS THE FOURTH TIME WE HAVE LOST POWER STEERING IN THIS VEHICLE IN THE 10 MONTHS WE\'VE OWNED IT (SINCE NEW.) PRIOR LOSSES DID NOT OCCUR SUDDENLY AND WERE PRECEDED BY LOUD NOISES WHEN TURNING WHEEL. THIS INCIDENT CAUSED ALARM BECAUSE IT CAME WITHOUT WARNING.',
    // ODI 11499845, 2017 Macan, STEERING
    'It appears some part of the steering column in my 2017 Macan has failed. The whole steering assembly has about 10mm of give in the vertical direction. This could be a serious safety hazard if the assembly comes completely loose while driving.',
    // ODI 11219890, 2018 Macan, STEERING
    'WHEN TURNING AT SLOW SPEEDS RUBBING RUBBER SOUND OCCURS. DEALER WAS FINALLY GOING TO PULL THE STEERING WHEEL. I TRADED IT AND I\'M SURE THEY NEVER FOUND OR FIXED THE PROBLEM.',
  ],
  'C-COMPLAINT-PRODUCT-AIRBAGS': [
    // ODI 11636420, 2013 Cayenne, AIR BAGS,UNKNOWN OR OTHER
    'Leather dashboard cover is separating from the dashboard with staples being pulled up. I am concerned the airbag in the dash may deploy improperly and/or dangerously.',
    // ODI 11618766, 2013 Cayenne, AIR BAGS,UNKNOWN OR OTHER
    'Porsche Cayenne dashboard leather shrunk and staples pulled out. The airbag in the dashboard may not deploy properly in the event when there is an accident. Porsche dealer recommended the dashboard to be replaced. Many vehicles have this issue after warranty is out',
    // ODI 11331553, 2013 Cayenne, SEAT BELTS
    'THE DRIVER\'S SIDE SEAT BELT UNLATCHES, EVEN WHEN IT APPEARS TO HAVE BEEN PROPERLY LATCHED AND I PULL ON IT TO CONFIRM THAT IT IS LATCHED. THIS HAPPENS WHETHER OR NOT THE VEHICLE IS IN MOTION. THIS IS HAPPENING CONSTANTLY, BUT I WILL FILL IN TODAY\'S DATE BELOW.',
  ],
  'C-COMPLAINT-PRODUCT-TYRES': [
    // ODI 10723076, 2014 Cayenne, TIRES
    'THE CONTACT OWNS A 2014 PORSCHE CAYENNE EQUIPPED WITH CONTINENTAL TIRES, SIZE: 255/55R18 (NA). THE CONTACT STATED THAT THE REAR DRIVER SIDE TIRE EXHIBITED A BUBBLE ON THE SIDEWALL. THE VEHICLE WAS NOT DIAGNOSED OR REPAIRED. THE MANUFACTURER WAS NOT MADE AWARE OF THE FAILURE. THE VIN WAS UNKNOWN. THE APPROXIMATE TIRE AND VEHICLE FAILURE MILEAGE WAS 10,000.',
    // ODI 11604472, 2018 Macan, TIRES
    '265/45ZR20 104Y Tire shop has been unable to balance tire since there\'s a defect with the brand new tire itself. Vehicle vibrates excessively at highway speeds, feels unsafe to drive. I\'ve reached out to vendor for tire replacement and hasn\'t made an effort to replace tire in a timely manner. I use my vehicle everyday. Tires were purchased from tireagent.com',
    // ODI 11590330, 2022 Taycan, WHEELS
    'Tires on Taycan seems to wearing very odd. The inner side is getting signficantly faster wear than remaining tire resulting in tire burst within 8K miles. Replaced both rear tires 3 times in last 15 months.',
  ],
  'C-COMPLAINT-PRODUCT-SUSPENSION': [
    // ODI 11455964, 2013 Boxster, SUSPENSION
    '2013 PORSCHE BOXTER. CONSUMER WRITES IN REGARDS TO ISSUE WITH CONTROL ARM MOUNTS ON REAR SUSPENSION. THE CONSUMER REFERENCED RECALL 21V-679. THE CONSUMER STATED THE PARTS NECESSARY TO COMPLETE THE RECALL REPAIR WERE UNAVAILABLE.',
    // ODI 11373022, 2018 Macan, STEERING
    'THE FRONT STABILIZER BAR BROKE IN HALF. CAR HAS ONLY 800 MILES ON IT. DEALERSHIP HAS NEVER SEEN THIS BEFORE AND CLAIMS DEFECTIVE STABILIZER BAR. BEING FIXED UNDER WARRANTY. CAR WAS IN MOTION WHEN THIS OCCURRED. THIS WAS ON A CITY STREET.',
  ],
  'C-COMPLAINT-PRODUCT-BODY': [
    // ODI 11276940, 2014 Cayenne, STRUCTURE
    'THE EDGES OF THE METAL PART THAT ENSURES CLOSURE OF THE TRUNK IS VERY SHARP. FINGER WAS SLICED ON THIS METAL PART.',
    // ODI 10722879, 2007 Cayman, STRUCTURE
    'THE CONTACT OWNS A 2007 PORSCHE CAYMAN. WHILE DRIVING AT APPROXIMATELY 45 MPH, THE VEHICLE\'S ROOF LINING DROPPED AND BLOCKED THE REARVIEW VISIBILITY. THE VEHICLE WAS NOT REPAIRED. THE MANUFACTURER WAS MADE AWARE OF THE FAILURE. THE FAILURE MILEAGE WAS UNKNOWN.',
  ],
  'C-COMPLAINT-PRODUCT-EXTRA': [
    // ODI 11270126, 2012 Cayenne, SEATS
    'POWER DRIVERS SEAT MOVED FORE/AFT AND UP/DOWN WHILE DRIVING ON HIGHWAY ON 10.22.2019 ON ITS OWN. MOVING DRIVER AWAY FROM CONTACT WITH EITHER BRAKE OR GAS PEDAL AND A UNNATURALLY LONG REACH TO STEERING WHEEL. DRIVER ENGAGED BUTTONS TO MOVE SEAT FORWARD, PULLED OFF TO SAFE LOCATION AND SHUT DOWN/RESTARTED CAR. PROBLEM CONTINUED UPON RESTART',
    // ODI 11139598, 2018 Cayenne, VISIBILITY/WIPER
    'PASSENGER WINDSHIELD WIPER CAME OFF SUDDENLY IN USE WHILE ON HIGHWAY SPEED. CAR HAS NEVER BEEN IN A CAR WASH AS DEALER THINKS AND HAS ONLY SIX MONTHS IN SERVICE.THE FORCE BENT SLIGHTLY THE ARM ITSELF AS IT RIPPED OFF.',
    // ODI 11592913, 2020 Panamera, FORWARD COLLISION AVOIDANCE
    'The Adaptive Cruise Control keeps faulting randomly and triggering the seatbelt warning ️. Also when the adaptive cruise control fails the cruise control disengaes altogether. This is very dangerous when driving. I have taken this car to the dealership 4 times within 2 months for this problem and no one can fix it.',
    // ODI 11594876, 2020 Macan, BACK OVER PREVENTION
    'the rear view (and front and side) cameras work intermittently. This makes parking very difficult and when backing out of the driveway you cannot see if there is an object in the vehicle\'s path. Issue started several months ago and has been getting progressively worse (more frequent). Have noted that other owners have same issue reported on various forums.',
  ],
  'C-COMPLAINT-PRODUCT-TRACTION-BATTERY': [
    // ODI 11692022, 2020 Taycan, ELECTRICAL SYSTEM
    'Taycan HV battery cells/modules going bad causing the car to be a brick and not drivable and dangerous. Porsche is replacing the failed cells but it can be an ongoing issues that can spread to other cells.',
    // ODI 11529278, 2020 Taycan, ELECTRICAL SYSTEM,FUEL/PROPULSION SYSTEM
    'Main HV Battery failure, "Electrical System Error" displayed, fortunately this occurred when pulling into the garage. Vehicle would not go into drive or reverse, vehicle had to be towed to the dealership. This could have ended very differently if on the highway. HV Battery Module and 12v battery replaced.',
    // ODI 11450684, 2020 Taycan, FUEL/PROPULSION SYSTEM
    'HV battery failure. No warning. Vehicle could not be put in gear or moved. Vehicle has been at Porsche Conshohocken since 12/23/2021. No resolution as of 02/04/2022. Vehicle has been out of service 47 days.',
    // ODI 11487891, 2020 Taycan, EQUIPMENT
    'Porsche Mobile Charger overheats, rated for 9.6kw but due to safety concerns Porsche adjusted default rate to 4.8kw. Rate can be reset to 9.6 each charge session increasing risk of fire.',
  ],
  'C-COMPLAINT-PRODUCT-ELECTRIC-DRIVE': [
    // ODI 11630335, 2020 Taycan, POWER TRAIN,FUEL/PROPULSION SYSTEM
    'While driving, shortly after a turn, the electric motor has a fatal error resulting in complete loss of power while driving. The car has to be stopped in the middle of the road and powered down and then turned back on. This clears the fault but the problem has occurred 3 times within a month resulting in me not driving it anymore.',
    // ODI 11435775, 2020 Taycan, ELECTRICAL SYSTEM
    'While driving the car suddenly lost power and displayed "electrical malfunction" please park in safe place. I was powerless and stranded in the middle of a 3 lane road. Car was towed to Porsche and they have had the car for 2 days- with no solution in site.',
    // ODI 11424015, 2020 Taycan, ELECTRICAL SYSTEM
    'Sudden and unexpected complete loss of power while vehicle was at highway speed. Could not accelerate. Red warning light appeared stating Engine Control Error. Car glided to a complete stop and I attempted to pull over to the shoulder of the highway. Brought the vehicle to the dealer and they stated there was a recent service bulletin to update software.',
    // ODI 11420734, 2020 Taycan, ELECTRICAL SYSTEM,ENGINE,FUEL/PROPULSION SYSTEM
    'Car completely shut down in an intersection, lost all power and would not move, error read: Motor control error stop vehicle in a safe place. prior to shutting down the vehicle jerked and slammed on the brakes in a busy intersection.',
  ],
};

/** All forty summaries in one list. */
export const NHTSA_SUMMARIES: string[] = Object.values(NHTSA_SUMMARIES_BY_CATEGORY).flat();
