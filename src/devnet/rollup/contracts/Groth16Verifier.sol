// SPDX-License-Identifier: GPL-3.0
/*
    Copyright 2021 0KIMS association.

    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).

    snarkJS is a free software: you can redistribute it and/or modify it
    under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    snarkJS is distributed in the hope that it will be useful, but WITHOUT
    ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
    or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public
    License for more details.

    You should have received a copy of the GNU General Public License
    along with snarkJS. If not, see <https://www.gnu.org/licenses/>.
*/

pragma solidity >=0.7.0 <0.9.0;

contract Groth16Verifier {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 15814226171708970440502596010921370146146310675567436128957396082596320264221;
    uint256 constant alphay  = 21311143867417934608100658024350877154000966482600525474327163017796413646760;
    uint256 constant betax1  = 9455462641452506248815951571256965317638926020804809313226558202037510114840;
    uint256 constant betax2  = 20452495328553400560209355230922805303898318648566515579770394874423772385898;
    uint256 constant betay1  = 2876668674481096265441231301573033086580138007032233898172828848364089915917;
    uint256 constant betay2  = 16114394012782539419857558424066721377369295358644311029663851565192107736797;
    uint256 constant gammax1 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 constant gammax2 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 constant gammay1 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 constant gammay2 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
    uint256 constant deltax1 = 8386267230506783913786638998487399882639198956736518810317385694052353733912;
    uint256 constant deltax2 = 17657902899344944627473307946474933200438379336785753721983194034851505336767;
    uint256 constant deltay1 = 5513586945469344954796108869787218746661010556385972038062428804616954757775;
    uint256 constant deltay2 = 15452042071094330589133015443538309473376600405762990811986911406019752773124;

    
    uint256 constant IC0x = 5476910537637125597390979909462839711568017237613458271865884134363009181672;
    uint256 constant IC0y = 939557058861359190137466698643318084897876660293262261195566590707365183689;
    
    uint256 constant IC1x = 7667598520465961156672215724402471240711281944448317496433702003946183284135;
    uint256 constant IC1y = 9877596673652897947198220023981263623169632482755846594871615463615461659467;
    
    uint256 constant IC2x = 2212207049925171307438950296685049625113948432182421733882635848580254117388;
    uint256 constant IC2y = 14685063792624388076240555415871915299802747853706826939067547943416151998375;
    
    uint256 constant IC3x = 7365029127793126459442240856093709666642594496199864164591629369615004509480;
    uint256 constant IC3y = 15478713002378025713468246350504847272307773766066705063309850803958717400378;
    
    uint256 constant IC4x = 18986483163600171065286769839999578532937551556447910771338131753739232596186;
    uint256 constant IC4y = 7906886434673244203235290780616660964044246892278419672667834926082512504275;
    
    uint256 constant IC5x = 3745909738035938398367130280012866576842827140702817107174054541512860661673;
    uint256 constant IC5y = 14519661841129578415816163171264913049205824611005999832900693711737940662116;
    
    uint256 constant IC6x = 19542468115953220781621165686486849306732594306893788541964637232690307867520;
    uint256 constant IC6y = 9296343812736611606699880391714751768284453394395308928650127239788704501954;
    
    uint256 constant IC7x = 12619610861575906191810976861527874053395215175087891863894522181332721088513;
    uint256 constant IC7y = 8693673325886698867385360613824694308833365251108493006381323380820252457162;
    
    uint256 constant IC8x = 8968352587727995962060927775288405752426971122437680851978935969160034937690;
    uint256 constant IC8y = 8641943531682748458177383107962874258922794940240634940866268035111518092926;
    
    uint256 constant IC9x = 18435473582867904704200862014841767065233623453512833539125401885919939284898;
    uint256 constant IC9y = 4178649163561352589575767433756161623373343472650787047630915594376766164833;
    
    uint256 constant IC10x = 2586376803765913535040898966332507203490218924953420653236987569903824925659;
    uint256 constant IC10y = 10683348866203745274336636085506104549531847425622484289486422885032588313633;
    
    uint256 constant IC11x = 12244123039967172692765386286773039220622749189818459360946709028868341354945;
    uint256 constant IC11y = 10467641345142133489073990309756059103373706429438207204329330544867383530903;
    
    uint256 constant IC12x = 4199025832951453437821028000437522336010608500470218027045199851935232667469;
    uint256 constant IC12y = 2028606936165033275325405438955630705621486104121594737858055170587601668942;
    
    uint256 constant IC13x = 9188444630249728092700671984930871230802959362423018223181926596679112867047;
    uint256 constant IC13y = 17733385106966416146383157259575797103010172329353574162363031499725879814469;
    
    uint256 constant IC14x = 6065714327470111312230790700341326118273507322185853881253445184765543638710;
    uint256 constant IC14y = 2966935906911884280218496893257289098111106239170825893747166860655261098363;
    
    uint256 constant IC15x = 14428174191116307273370677035576093329092679528309722659263990963207002645864;
    uint256 constant IC15y = 8187634438709721473459807327609346171422987475764634830876001433550419623593;
    
    uint256 constant IC16x = 18265573654886971182172276911733896422992102253569375888877315763388665987532;
    uint256 constant IC16y = 1166866552981500464992194690361882141377043758715196975618000339435205011159;
    
    uint256 constant IC17x = 12973864995662056754475600907025376305474006567021422936755476311890936855376;
    uint256 constant IC17y = 16189032324029150690433891158640784226838815594709090722514553678174533081300;
    
    uint256 constant IC18x = 11722871685721932366660008397732345869442952591027678253514737425916772029917;
    uint256 constant IC18y = 8373456932105194274804300245414518166592183406318567800484193596080060744282;
    
    uint256 constant IC19x = 16855897416783584227417694268578332384439946969944270316656723075674803179334;
    uint256 constant IC19y = 18124835609310091664044393279975345758678802655109139479392562821015971527944;
    
    uint256 constant IC20x = 8766909095642066704013953427322435834364770066905824929725416343340092694062;
    uint256 constant IC20y = 21301892892869189595166626053231834626348618920046913980024136424619961695725;
    
    uint256 constant IC21x = 11607343982906890044520446476024261123071944561724107832500095365828117595523;
    uint256 constant IC21y = 16902375217722564996676370503065546342072814909426410159209642739324336132472;
    
    uint256 constant IC22x = 16748246626009424969717008158736453691030109250912958627749509345788549482957;
    uint256 constant IC22y = 7413062552797938461302438663252694542393432549533053085659016098477466885697;
    
    uint256 constant IC23x = 16590063289291642536346031595494916662650683594912159956877320737231054326931;
    uint256 constant IC23y = 7549324938275002857558049401273820651923544143865828869689048925041725405482;
    
    uint256 constant IC24x = 11435997617821407882702182787644287908166497621938576568458462495695848478351;
    uint256 constant IC24y = 1406053302032429754078240164985669893077881417365221563843950545449168874646;
    
    uint256 constant IC25x = 2253831548724928267771316294988503220793535360153311246791276860460486736378;
    uint256 constant IC25y = 1030680027102413719372305259882121509065133133557820620099035650776656089353;
    
    uint256 constant IC26x = 6481957361713331590324344789726290822415463273643261685294334433106363109867;
    uint256 constant IC26y = 4732084639166900743468812898219209527102242293647358578636208817729211229558;
    
    uint256 constant IC27x = 1363492993053975628460402472181269437194390042762962960856101194082325039170;
    uint256 constant IC27y = 9881266338185820656348027802932333578544490712413626572557856330631258944251;
    
    uint256 constant IC28x = 15215294349039816077414793437341219841571824267529848687521895070025820643679;
    uint256 constant IC28y = 10465677418937091458265499474361609096784573101976818395572653674655336313707;
    
    uint256 constant IC29x = 2726644389787502368217761152984587243925394889716975180213565316512119219080;
    uint256 constant IC29y = 13421294703705485553876114011842323365807141617383206429001900149422417046296;
    
    uint256 constant IC30x = 13930357465714988853322884086996781026621136105188684804892771994620477218748;
    uint256 constant IC30y = 18269829671289563319961366831548124826568556987057318507880282560531089902227;
    
    uint256 constant IC31x = 17957347320595710196803929053082343350857394285855649269797590787751931379671;
    uint256 constant IC31y = 4326316430676723820393482153554970889774990402465243555588258155988783844611;
    
    uint256 constant IC32x = 908803156785083692949800070492909548806331063164318894510064644452818928372;
    uint256 constant IC32y = 561759267630549475145204956605505801145363344289105400824935957896458499524;
    
    uint256 constant IC33x = 1647563983269729228708724386139219813255393147555533327116453618814899390461;
    uint256 constant IC33y = 5357888523248961332947287657860331475366313660172667923346904445711527633326;
    
    uint256 constant IC34x = 7646279765622951059522796670739425640528239488706034386197121812780522623234;
    uint256 constant IC34y = 1174234961839865863484491507688278323366069727793817664637019608032490635014;
    
    uint256 constant IC35x = 3242048684089845675878374596688773161507776487682655337267430712090422948028;
    uint256 constant IC35y = 14702790854758282193438018154386380121057726784972453729910122914014697622832;
    
    uint256 constant IC36x = 3956723799929278916091986471153850225028758348608672616510967932545257866890;
    uint256 constant IC36y = 7917774469206568408841780386488568664763177943245028033466208373634455843606;
    
    uint256 constant IC37x = 12280547111122941125627136624023070667498359404465413183261932390587949297103;
    uint256 constant IC37y = 2677081832365935833679037007885444171246569018520388176766904372526109211336;
    
    uint256 constant IC38x = 2101426833110336140198211004002292175161504016708272211383848997149403321656;
    uint256 constant IC38y = 14661245165128822604808221067362993821985704075210433216656162244953456523505;
    
    uint256 constant IC39x = 8267915953790748635933383969256875786453491714833096916299132415615065283401;
    uint256 constant IC39y = 18101495637037331091978435905996319408651699644221252961064773025694689296572;
    
    uint256 constant IC40x = 3221368010185354367641499931065309003660513065135065008074635669732923831652;
    uint256 constant IC40y = 9556880836628601846301270295393949823123501394913714928186000335404539704736;
    
    uint256 constant IC41x = 15384654815382965127275972133123591904439557329850489698246002622976186397117;
    uint256 constant IC41y = 20941448748253513383265186584813868441956120558087446393232499466046825626349;
    
    uint256 constant IC42x = 19885118907613691755359469422775418787807163059366721406701550506711666742352;
    uint256 constant IC42y = 7898118917615741487261395279960567531059537791480540799350865126209721043153;
    
    uint256 constant IC43x = 20075364740536564404497108478247457080316660036350867792481376379128608578701;
    uint256 constant IC43y = 7471678611868141240557702351384791311761597815574588987401156576916525080104;
    
    uint256 constant IC44x = 220262658180689184351151398066462345740078778224938338061586810280885344782;
    uint256 constant IC44y = 17145527620900442299698595624574066899994799791026153804289379591459264725439;
    
    uint256 constant IC45x = 17379561693078151218132615898883305619592257326988868912017097896067067718517;
    uint256 constant IC45y = 19063584448600263476470885159775358020445692735884374441797475600022650995436;
    
    uint256 constant IC46x = 8676203137320302636720222171195968754070930392728943527306819406428722228905;
    uint256 constant IC46y = 11645990021112816681900829989531665166350213813121898588093594177400750704941;
    
    uint256 constant IC47x = 3868938684235798562469430738112793623311984654070786806162211839798825040327;
    uint256 constant IC47y = 2728998095547072534092514646914874560769383441442443774121263995399011471964;
    
    uint256 constant IC48x = 20360978082143254524077571249646809192082333125117887988891991301390564379393;
    uint256 constant IC48y = 20177706557590761355001225555586658494143488560882905014088511156104261748656;
    
    uint256 constant IC49x = 8443278099904987334818416165123129987240878858597223939146834007008991396178;
    uint256 constant IC49y = 4944762500269498287224738620110544551974398300269302771376519914156421336119;
    
    uint256 constant IC50x = 19412757132916614002830429012135999071591525347555779704171876909472350677358;
    uint256 constant IC50y = 15916622485661033505388560899174298483739468083205093461176053537380247538136;
    
    uint256 constant IC51x = 9777784111032670842781270437221955194153191378190953049724668952682403138886;
    uint256 constant IC51y = 16746997105897762204583568802298906490667852709222733550224017589987320881782;
    
    uint256 constant IC52x = 14218709502799246700229252732016077178634418180926916952938597211929783268077;
    uint256 constant IC52y = 12537817971946027835616093609336547808128765944831592335630628449044236502714;
    
    uint256 constant IC53x = 274350962319204128715435707054144827372108605779706085363938407844011691511;
    uint256 constant IC53y = 3171506731665122565703415936783850772043708646846315205965930448410804188317;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[53] calldata _pubSignals) public view returns (bool) {
        assembly {
            function checkField(v) {
                if iszero(lt(v, r)) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }
            
            // G1 function to multiply a G1 value(x,y) to value in an address
            function g1_mulAccC(pR, x, y, s) {
                let success
                let mIn := mload(0x40)
                mstore(mIn, x)
                mstore(add(mIn, 32), y)
                mstore(add(mIn, 64), s)

                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }

                mstore(add(mIn, 64), mload(pR))
                mstore(add(mIn, 96), mload(add(pR, 32)))

                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }

            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {
                let _pPairing := add(pMem, pPairing)
                let _pVk := add(pMem, pVk)

                mstore(_pVk, IC0x)
                mstore(add(_pVk, 32), IC0y)

                // Compute the linear combination vk_x
                
                g1_mulAccC(_pVk, IC1x, IC1y, calldataload(add(pubSignals, 0)))
                
                g1_mulAccC(_pVk, IC2x, IC2y, calldataload(add(pubSignals, 32)))
                
                g1_mulAccC(_pVk, IC3x, IC3y, calldataload(add(pubSignals, 64)))
                
                g1_mulAccC(_pVk, IC4x, IC4y, calldataload(add(pubSignals, 96)))
                
                g1_mulAccC(_pVk, IC5x, IC5y, calldataload(add(pubSignals, 128)))
                
                g1_mulAccC(_pVk, IC6x, IC6y, calldataload(add(pubSignals, 160)))
                
                g1_mulAccC(_pVk, IC7x, IC7y, calldataload(add(pubSignals, 192)))
                
                g1_mulAccC(_pVk, IC8x, IC8y, calldataload(add(pubSignals, 224)))
                
                g1_mulAccC(_pVk, IC9x, IC9y, calldataload(add(pubSignals, 256)))
                
                g1_mulAccC(_pVk, IC10x, IC10y, calldataload(add(pubSignals, 288)))
                
                g1_mulAccC(_pVk, IC11x, IC11y, calldataload(add(pubSignals, 320)))
                
                g1_mulAccC(_pVk, IC12x, IC12y, calldataload(add(pubSignals, 352)))
                
                g1_mulAccC(_pVk, IC13x, IC13y, calldataload(add(pubSignals, 384)))
                
                g1_mulAccC(_pVk, IC14x, IC14y, calldataload(add(pubSignals, 416)))
                
                g1_mulAccC(_pVk, IC15x, IC15y, calldataload(add(pubSignals, 448)))
                
                g1_mulAccC(_pVk, IC16x, IC16y, calldataload(add(pubSignals, 480)))
                
                g1_mulAccC(_pVk, IC17x, IC17y, calldataload(add(pubSignals, 512)))
                
                g1_mulAccC(_pVk, IC18x, IC18y, calldataload(add(pubSignals, 544)))
                
                g1_mulAccC(_pVk, IC19x, IC19y, calldataload(add(pubSignals, 576)))
                
                g1_mulAccC(_pVk, IC20x, IC20y, calldataload(add(pubSignals, 608)))
                
                g1_mulAccC(_pVk, IC21x, IC21y, calldataload(add(pubSignals, 640)))
                
                g1_mulAccC(_pVk, IC22x, IC22y, calldataload(add(pubSignals, 672)))
                
                g1_mulAccC(_pVk, IC23x, IC23y, calldataload(add(pubSignals, 704)))
                
                g1_mulAccC(_pVk, IC24x, IC24y, calldataload(add(pubSignals, 736)))
                
                g1_mulAccC(_pVk, IC25x, IC25y, calldataload(add(pubSignals, 768)))
                
                g1_mulAccC(_pVk, IC26x, IC26y, calldataload(add(pubSignals, 800)))
                
                g1_mulAccC(_pVk, IC27x, IC27y, calldataload(add(pubSignals, 832)))
                
                g1_mulAccC(_pVk, IC28x, IC28y, calldataload(add(pubSignals, 864)))
                
                g1_mulAccC(_pVk, IC29x, IC29y, calldataload(add(pubSignals, 896)))
                
                g1_mulAccC(_pVk, IC30x, IC30y, calldataload(add(pubSignals, 928)))
                
                g1_mulAccC(_pVk, IC31x, IC31y, calldataload(add(pubSignals, 960)))
                
                g1_mulAccC(_pVk, IC32x, IC32y, calldataload(add(pubSignals, 992)))
                
                g1_mulAccC(_pVk, IC33x, IC33y, calldataload(add(pubSignals, 1024)))
                
                g1_mulAccC(_pVk, IC34x, IC34y, calldataload(add(pubSignals, 1056)))
                
                g1_mulAccC(_pVk, IC35x, IC35y, calldataload(add(pubSignals, 1088)))
                
                g1_mulAccC(_pVk, IC36x, IC36y, calldataload(add(pubSignals, 1120)))
                
                g1_mulAccC(_pVk, IC37x, IC37y, calldataload(add(pubSignals, 1152)))
                
                g1_mulAccC(_pVk, IC38x, IC38y, calldataload(add(pubSignals, 1184)))
                
                g1_mulAccC(_pVk, IC39x, IC39y, calldataload(add(pubSignals, 1216)))
                
                g1_mulAccC(_pVk, IC40x, IC40y, calldataload(add(pubSignals, 1248)))
                
                g1_mulAccC(_pVk, IC41x, IC41y, calldataload(add(pubSignals, 1280)))
                
                g1_mulAccC(_pVk, IC42x, IC42y, calldataload(add(pubSignals, 1312)))
                
                g1_mulAccC(_pVk, IC43x, IC43y, calldataload(add(pubSignals, 1344)))
                
                g1_mulAccC(_pVk, IC44x, IC44y, calldataload(add(pubSignals, 1376)))
                
                g1_mulAccC(_pVk, IC45x, IC45y, calldataload(add(pubSignals, 1408)))
                
                g1_mulAccC(_pVk, IC46x, IC46y, calldataload(add(pubSignals, 1440)))
                
                g1_mulAccC(_pVk, IC47x, IC47y, calldataload(add(pubSignals, 1472)))
                
                g1_mulAccC(_pVk, IC48x, IC48y, calldataload(add(pubSignals, 1504)))
                
                g1_mulAccC(_pVk, IC49x, IC49y, calldataload(add(pubSignals, 1536)))
                
                g1_mulAccC(_pVk, IC50x, IC50y, calldataload(add(pubSignals, 1568)))
                
                g1_mulAccC(_pVk, IC51x, IC51y, calldataload(add(pubSignals, 1600)))
                
                g1_mulAccC(_pVk, IC52x, IC52y, calldataload(add(pubSignals, 1632)))
                
                g1_mulAccC(_pVk, IC53x, IC53y, calldataload(add(pubSignals, 1664)))
                

                // -A
                mstore(_pPairing, calldataload(pA))
                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))

                // B
                mstore(add(_pPairing, 64), calldataload(pB))
                mstore(add(_pPairing, 96), calldataload(add(pB, 32)))
                mstore(add(_pPairing, 128), calldataload(add(pB, 64)))
                mstore(add(_pPairing, 160), calldataload(add(pB, 96)))

                // alpha1
                mstore(add(_pPairing, 192), alphax)
                mstore(add(_pPairing, 224), alphay)

                // beta2
                mstore(add(_pPairing, 256), betax1)
                mstore(add(_pPairing, 288), betax2)
                mstore(add(_pPairing, 320), betay1)
                mstore(add(_pPairing, 352), betay2)

                // vk_x
                mstore(add(_pPairing, 384), mload(add(pMem, pVk)))
                mstore(add(_pPairing, 416), mload(add(pMem, add(pVk, 32))))


                // gamma2
                mstore(add(_pPairing, 448), gammax1)
                mstore(add(_pPairing, 480), gammax2)
                mstore(add(_pPairing, 512), gammay1)
                mstore(add(_pPairing, 544), gammay2)

                // C
                mstore(add(_pPairing, 576), calldataload(pC))
                mstore(add(_pPairing, 608), calldataload(add(pC, 32)))

                // delta2
                mstore(add(_pPairing, 640), deltax1)
                mstore(add(_pPairing, 672), deltax2)
                mstore(add(_pPairing, 704), deltay1)
                mstore(add(_pPairing, 736), deltay2)


                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)

                isOk := and(success, mload(_pPairing))
            }

            let pMem := mload(0x40)
            mstore(0x40, add(pMem, pLastMem))

            // Validate that all evaluations ∈ F
            
            checkField(calldataload(add(_pubSignals, 0)))
            
            checkField(calldataload(add(_pubSignals, 32)))
            
            checkField(calldataload(add(_pubSignals, 64)))
            
            checkField(calldataload(add(_pubSignals, 96)))
            
            checkField(calldataload(add(_pubSignals, 128)))
            
            checkField(calldataload(add(_pubSignals, 160)))
            
            checkField(calldataload(add(_pubSignals, 192)))
            
            checkField(calldataload(add(_pubSignals, 224)))
            
            checkField(calldataload(add(_pubSignals, 256)))
            
            checkField(calldataload(add(_pubSignals, 288)))
            
            checkField(calldataload(add(_pubSignals, 320)))
            
            checkField(calldataload(add(_pubSignals, 352)))
            
            checkField(calldataload(add(_pubSignals, 384)))
            
            checkField(calldataload(add(_pubSignals, 416)))
            
            checkField(calldataload(add(_pubSignals, 448)))
            
            checkField(calldataload(add(_pubSignals, 480)))
            
            checkField(calldataload(add(_pubSignals, 512)))
            
            checkField(calldataload(add(_pubSignals, 544)))
            
            checkField(calldataload(add(_pubSignals, 576)))
            
            checkField(calldataload(add(_pubSignals, 608)))
            
            checkField(calldataload(add(_pubSignals, 640)))
            
            checkField(calldataload(add(_pubSignals, 672)))
            
            checkField(calldataload(add(_pubSignals, 704)))
            
            checkField(calldataload(add(_pubSignals, 736)))
            
            checkField(calldataload(add(_pubSignals, 768)))
            
            checkField(calldataload(add(_pubSignals, 800)))
            
            checkField(calldataload(add(_pubSignals, 832)))
            
            checkField(calldataload(add(_pubSignals, 864)))
            
            checkField(calldataload(add(_pubSignals, 896)))
            
            checkField(calldataload(add(_pubSignals, 928)))
            
            checkField(calldataload(add(_pubSignals, 960)))
            
            checkField(calldataload(add(_pubSignals, 992)))
            
            checkField(calldataload(add(_pubSignals, 1024)))
            
            checkField(calldataload(add(_pubSignals, 1056)))
            
            checkField(calldataload(add(_pubSignals, 1088)))
            
            checkField(calldataload(add(_pubSignals, 1120)))
            
            checkField(calldataload(add(_pubSignals, 1152)))
            
            checkField(calldataload(add(_pubSignals, 1184)))
            
            checkField(calldataload(add(_pubSignals, 1216)))
            
            checkField(calldataload(add(_pubSignals, 1248)))
            
            checkField(calldataload(add(_pubSignals, 1280)))
            
            checkField(calldataload(add(_pubSignals, 1312)))
            
            checkField(calldataload(add(_pubSignals, 1344)))
            
            checkField(calldataload(add(_pubSignals, 1376)))
            
            checkField(calldataload(add(_pubSignals, 1408)))
            
            checkField(calldataload(add(_pubSignals, 1440)))
            
            checkField(calldataload(add(_pubSignals, 1472)))
            
            checkField(calldataload(add(_pubSignals, 1504)))
            
            checkField(calldataload(add(_pubSignals, 1536)))
            
            checkField(calldataload(add(_pubSignals, 1568)))
            
            checkField(calldataload(add(_pubSignals, 1600)))
            
            checkField(calldataload(add(_pubSignals, 1632)))
            
            checkField(calldataload(add(_pubSignals, 1664)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
