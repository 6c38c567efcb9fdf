package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SmoothedRateTest {
    @Test
    void theFirstIntervalIsTakenAsItIs() {
        assertThat(new SmoothedRate(10).add(100, 1)).isEqualTo(100.0);
    }

    @Test
    void aBurstyPipelineShowsItsAverageNotItsSpikes() {
        SmoothedRate rate = new SmoothedRate(10);
        rate.add(100, 1);
        // a pipeline doing 100 scans/s that delivers them in alternating seconds of 32 and 168
        for (int second = 0; second < 60; second++) {
            rate.add(second % 2 == 0 ? 32 : 168, 1);
        }
        assertThat(rate.rate()).isCloseTo(100, within(10.0));
    }

    @Test
    void aLastingChangeShowsWithinAboutTheTimeConstant() {
        SmoothedRate rate = new SmoothedRate(10);
        rate.add(100, 1);
        for (int second = 0; second < 10; second++) {
            rate.add(200, 1);
        }
        // 1 - e^-1 of the way from 100 to 200 after one time constant
        assertThat(rate.rate()).isCloseTo(163.2, within(0.5));
    }

    @Test
    void theWeightDependsOnElapsedTimeNotOnHowOftenItIsSampled() {
        SmoothedRate everySecond = new SmoothedRate(10);
        SmoothedRate everyFiveSeconds = new SmoothedRate(10);
        everySecond.add(0, 1);
        everyFiveSeconds.add(0, 1);
        for (int second = 0; second < 10; second++) {
            everySecond.add(50, 1);
        }
        everyFiveSeconds.add(250, 5);
        everyFiveSeconds.add(250, 5);
        assertThat(everySecond.rate()).isCloseTo(everyFiveSeconds.rate(), within(1e-9));
    }

    @Test
    void anEmptyIntervalLeavesTheRateAsItWas() {
        SmoothedRate rate = new SmoothedRate(10);
        rate.add(100, 1);
        assertThat(rate.add(0, 0)).isEqualTo(100.0);
    }
}
