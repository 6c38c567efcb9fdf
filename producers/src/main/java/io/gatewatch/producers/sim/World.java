package io.gatewatch.producers.sim;

import io.gatewatch.producers.gate.PlateTokens;
import io.gatewatch.producers.gate.Pseudonymizer;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.CheckpointKind;
import io.gatewatch.schema.DeviceKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated county, built deterministically from a seed: townships and villages with nested
 * 12-digit codes, their checkpoints and gate devices (each with a unit, body site and
 * calibration offset), and the people who pass the gates — residents of each village and a
 * county-wide pool of visitors, each with a stable person token, a health-code colour and
 * possibly a fever. Raw identity numbers exist only inside {@link #build}: people carry tokens.
 */
public final class World {
    private static final String PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private static final String[] VISITOR_AREAS = {"110105", "310115", "320102", "340104", "360102", "440305", "510107", "610113"};
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    /** A village or community: 12-digit code = county (6) + township (3) + village (3). */
    public record Village(int index, String code, List<Integer> checkpoints, List<Person> residents) {
        public String townshipCode() {
            return code.substring(0, 9);
        }

        public String countyCode() {
            return code.substring(0, 6);
        }
    }

    /** A checkpoint (gate) of a village. */
    public record Checkpoint(int index, String id, int village, List<Device> devices) {}

    /**
     * A gate device: IR thermometer and code scanner in one unit, at checkpoint {@code checkpointId}
     * named {@code checkpointName} (e.g. 梅林村卡口1, the village's name and the gate's number).
     */
    public record Device(int index, String id, int checkpoint, String checkpointId, String checkpointName, String villageCode,
                         TemperatureUnit unit, BodySite bodySite, double calibrationOffsetCelsius) {

        /** Its registry entry, as screening needs it to enrich and normalise its scans. */
        public DeviceRegistration registration(Instant updatedAt) {
            return DeviceRegistration.newBuilder()
                    .setDeviceId(id)
                    .setCheckpointId(checkpointId)
                    .setCheckpointName(checkpointName)
                    .setCheckpointKind(CheckpointKind.GATE)
                    .setVillageCode(villageCode)
                    .setKind(DeviceKind.COMBINED)
                    .setBodySite(bodySite)
                    .setUnit(unit)
                    .setCalibrationOffsetCelsius(calibrationOffsetCelsius)
                    .setUpdatedAt(updatedAt)
                    .build();
        }
    }

    /**
     * A person who passes the gates.
     *
     * @param homeVillage index of the village they live in, or -1 for a visitor
     * @param bodyCelsius their usual temperature; for a person with a fever, the fever's level
     * @param febrile whether they run a fever for the whole simulation
     * @param plate token of the vehicle plate when they come by vehicle, else null
     */
    public record Person(int index, String token, int homeVillage, double bodyCelsius, boolean febrile,
                         HealthCodeColour code, String plate) {
        public boolean isVisitor() {
            return homeVillage < 0;
        }
    }

    private final List<Village> villages;
    private final List<Checkpoint> checkpoints;
    private final List<Device> devices;
    private final List<Person> visitors;
    private final List<List<Person>> febrileResidents;

    private World(List<Village> villages, List<Checkpoint> checkpoints, List<Device> devices, List<Person> visitors) {
        this.villages = List.copyOf(villages);
        this.checkpoints = List.copyOf(checkpoints);
        this.devices = List.copyOf(devices);
        this.visitors = List.copyOf(visitors);
        this.febrileResidents = villages.stream().map(v -> v.residents().stream().filter(Person::febrile).toList()).toList();
    }

    /** Builds the county the config describes; the same config always gives the same world. */
    public static World build(ScenarioConfig config, SplittableRandom geographyRandom, SplittableRandom populationRandom) {
        Pseudonymizer pseudonymizer = new Pseudonymizer(config.pseudonymSecret());
        String county = config.getString(ScenarioConfig.COUNTY_CODE);
        int townships = config.getInt(ScenarioConfig.TOWNSHIPS);
        int villageCount = config.getInt(ScenarioConfig.VILLAGES);
        int checkpointsPerVillage = config.getInt(ScenarioConfig.CHECKPOINTS_PER_VILLAGE);
        int devicesPerCheckpoint = config.getInt(ScenarioConfig.DEVICES_PER_CHECKPOINT);
        double fahrenheitShare = config.getDouble(ScenarioConfig.FAHRENHEIT_DEVICE_SHARE);

        List<Village> villages = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        PersonFactory people = new PersonFactory(config, populationRandom, pseudonymizer, identities);
        int[] villagesInTownship = new int[townships];
        for (int v = 0; v < villageCount; v++) {
            int township = v % townships;
            String code = county + (101 + township) + (201 + villagesInTownship[township]++);
            List<Integer> checkpointIds = new ArrayList<>();
            for (int c = 0; c < checkpointsPerVillage; c++) {
                int cpIndex = checkpoints.size();
                String cpId = "CP-" + code + "-" + (c + 1);
                String cpName = villageName(v).name() + "卡口" + (c + 1);
                List<Device> cpDevices = new ArrayList<>();
                for (int d = 0; d < devicesPerCheckpoint; d++) {
                    TemperatureUnit unit = geographyRandom.nextDouble() < fahrenheitShare ? TemperatureUnit.FAHRENHEIT : TemperatureUnit.CELSIUS;
                    BodySite site = geographyRandom.nextDouble() < 0.8 ? BodySite.FOREHEAD : BodySite.WRIST;
                    double offset = (geographyRandom.nextInt(7) - 3) / 10.0; // -0.3 .. +0.3 °C, what calibration found
                    Device device = new Device(devices.size(), "GW-" + code + "-" + (c + 1) + "-" + (d + 1), cpIndex, cpId, cpName, code,
                            unit, site, offset);
                    devices.add(device);
                    cpDevices.add(device);
                }
                checkpoints.add(new Checkpoint(cpIndex, cpId, v, List.copyOf(cpDevices)));
                checkpointIds.add(cpIndex);
            }
            List<Person> residents = new ArrayList<>();
            for (int r = 0; r < config.getInt(ScenarioConfig.RESIDENTS_PER_VILLAGE); r++) {
                residents.add(people.next(v, county));
            }
            villages.add(new Village(v, code, List.copyOf(checkpointIds), Collections.unmodifiableList(residents)));
        }
        List<Person> visitors = new ArrayList<>();
        for (int i = 0; i < config.getInt(ScenarioConfig.VISITORS); i++) {
            visitors.add(people.next(-1, VISITOR_AREAS[populationRandom.nextInt(VISITOR_AREAS.length)]));
        }
        return new World(villages, checkpoints, devices, visitors);
    }

    public List<Village> villages() {
        return villages;
    }

    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    public List<Device> devices() {
        return devices;
    }

    public List<Person> visitors() {
        return visitors;
    }

    /** A generated name of a division of the simulated county (the demo imports them into the gazetteer). */
    public record PlaceName(String code, String name, String nameEn) {
        PlaceName withCode(String areaCode) {
            return new PlaceName(areaCode, name, nameEn);
        }
    }

    private static final String[][] PLACE_STEMS = {{"东湖", "Donghu"}, {"西山", "Xishan"}, {"南塘", "Nantang"}, {"北岭", "Beiling"},
            {"青石", "Qingshi"}, {"白沙", "Baisha"}, {"金竹", "Jinzhu"}, {"桃源", "Taoyuan"}, {"梅林", "Meilin"}, {"松溪", "Songxi"},
            {"柳湾", "Liuwan"}, {"石桥", "Shiqiao"}};

    /**
     * Names for the county, its townships and villages, made up from their index (deterministic, unique
     * per level: a stem, then a number once the stems run out), e.g. 东湖镇 / Donghu Town, 西山村 / Xishan Village.
     */
    public List<PlaceName> placeNames() {
        List<PlaceName> names = new ArrayList<>();
        if (villages.isEmpty()) {
            return names;
        }
        names.add(new PlaceName(villages.get(0).countyCode(), "示范县", "Demo County"));
        Map<String, Integer> townships = new java.util.TreeMap<>();
        villages.forEach(v -> townships.putIfAbsent(v.townshipCode(), townships.size()));
        townships.forEach((code, index) -> names.add(placeName(code, index, 0, "镇", "Town")));
        villages.forEach(v -> names.add(villageName(v.index()).withCode(v.code())));
        return names;
    }

    /** The name of the {@code index}-th village (its code left empty): what its checkpoints are named after. */
    private static PlaceName villageName(int index) {
        return placeName("", index, 5, "村", "Village");
    }

    private static PlaceName placeName(String code, int index, int shift, String suffix, String suffixEn) {
        String[] stem = PLACE_STEMS[(index + shift) % PLACE_STEMS.length];
        int round = index / PLACE_STEMS.length;
        String number = round == 0 ? "" : String.valueOf(round + 1);
        return new PlaceName(code, stem[0] + number + suffix, stem[1] + number + " " + suffixEn);
    }

    public Village villageOf(Checkpoint checkpoint) {
        return villages.get(checkpoint.village());
    }

    /** Residents of a village who run a fever (the people clinics report). */
    public List<Person> febrileResidents(int village) {
        return febrileResidents.get(village);
    }

    /** Creates people with unique synthetic identity numbers and plates, pseudonymised at once. */
    private static final class PersonFactory {
        private final SplittableRandom random;
        private final Pseudonymizer pseudonymizer;
        private final PlateTokens plateTokens;
        private final Set<String> identities;
        private final double feverRate;
        private final double nonGreenRate;
        private final double redShare;
        private final double vehicleShare;
        private int count;

        PersonFactory(ScenarioConfig config, SplittableRandom random, Pseudonymizer pseudonymizer, Set<String> identities) {
            this.random = random;
            this.pseudonymizer = pseudonymizer;
            this.plateTokens = new PlateTokens(config.pseudonymSecret());
            this.identities = identities;
            this.feverRate = config.getDouble(ScenarioConfig.FEVER_RATE);
            this.nonGreenRate = config.getDouble(ScenarioConfig.NON_GREEN_RATE);
            this.redShare = config.getDouble(ScenarioConfig.RED_SHARE);
            this.vehicleShare = config.getDouble(ScenarioConfig.VEHICLE_SHARE);
        }

        Person next(int homeVillage, String area) {
            String identity;
            do {
                identity = identityNumber(area);
            } while (!identities.add(identity));
            boolean febrile = random.nextDouble() < feverRate;
            double body = febrile ? 37.6 + random.nextDouble() * 1.9 : clamp(36.5 + random.nextGaussian() * 0.2, 35.9, 37.0);
            HealthCodeColour code = HealthCodeColour.GREEN;
            if (random.nextDouble() < nonGreenRate) {
                code = random.nextDouble() < redShare ? HealthCodeColour.RED : HealthCodeColour.YELLOW;
            }
            String plate = random.nextDouble() < vehicleShare ? plateTokens.token(plate()) : null;
            return new Person(count++, pseudonymizer.token(identity), homeVillage, body, febrile, code, plate);
        }

        /** An 18-character resident identity number: area, birth date, sequence, ISO 7064 check character. */
        private String identityNumber(String area) {
            int year = 1940 + random.nextInt(70);
            int month = 1 + random.nextInt(12);
            int day = 1 + random.nextInt(28);
            String body = String.format("%s%04d%02d%02d%03d", area, year, month, day, random.nextInt(1000));
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += (body.charAt(i) - '0') * ID_WEIGHTS[i];
            }
            return body + ID_CHECK.charAt(sum % 11);
        }

        private String plate() {
            StringBuilder plate = new StringBuilder("浙A");
            for (int i = 0; i < 5; i++) {
                plate.append(PLATE_CHARS.charAt(random.nextInt(PLATE_CHARS.length())));
            }
            return plate.toString();
        }

        private static double clamp(double value, double min, double max) {
            return Math.max(min, Math.min(max, value));
        }
    }
}
