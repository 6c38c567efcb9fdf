package io.gatewatch.producers.sim;

import static io.gatewatch.producers.sim.Scenarios.aSmallCounty;
import static io.gatewatch.producers.sim.Scenarios.generator;
import static io.gatewatch.producers.sim.Scenarios.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.producers.sim.World.PlaceName;
import io.gatewatch.schema.CheckpointKind;
import io.gatewatch.schema.DeviceRegistration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated county's generated names: one per county, township and village, distinct within a level. */
class WorldPlaceNamesTest {
    @Test
    void shouldNameTheCountyEveryTownshipAndEveryVillageOnce() {
        World world = generator(with(aSmallCounty(), ScenarioConfig.VILLAGES, 30)).world();

        List<PlaceName> names = world.placeNames();

        List<String> villageCodes = world.villages().stream().map(World.Village::code).toList();
        assertThat(names).extracting(PlaceName::code).doesNotHaveDuplicates()
                .contains(world.villages().get(0).countyCode(), world.villages().get(0).townshipCode())
                .containsAll(villageCodes);
        List<String> villageNames = names.stream().filter(n -> n.code().length() == 12).map(PlaceName::name).toList();
        assertThat(villageNames).hasSize(30).doesNotHaveDuplicates().allMatch(n -> n.endsWith("村"));
        assertThat(names.get(0)).isEqualTo(new PlaceName(world.villages().get(0).countyCode(), "示范县", "Demo County"));
        assertThat(names).filteredOn(n -> n.code().length() == 9).first().extracting(PlaceName::nameEn).isEqualTo("Donghu Town");
    }

    /** Issue 16: reports and alerts show a gate by the name officials know it by, the village's name and its number. */
    @Test
    void shouldRegisterEveryGateAsAGateNamedAfterItsVillage() {
        ScanGenerator generator = generator(aSmallCounty());
        java.util.Map<String, String> villageNames = new java.util.HashMap<>();
        generator.world().placeNames().forEach(n -> villageNames.put(n.code(), n.name()));

        List<DeviceRegistration> registry = generator.deviceRegistrations();

        assertThat(registry).isNotEmpty().allSatisfy(device -> {
            assertThat(device.getCheckpointKind()).isEqualTo(CheckpointKind.GATE);
            String gate = device.getCheckpointId().substring(device.getCheckpointId().lastIndexOf('-') + 1);
            assertThat(device.getCheckpointName()).isEqualTo(villageNames.get(device.getVillageCode()) + "卡口" + gate);
        });
        assertThat(registry).extracting(DeviceRegistration::getCheckpointName).doesNotHaveDuplicates();
    }
}
