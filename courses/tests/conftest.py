import pytest

from accounts.factories import TraineeFactory
from courses import factories
from programmes.factories import WaveFactory, enrol


@pytest.fixture
def course(db):
    return factories.course()


@pytest.fixture
def wave(db):
    return WaveFactory()


@pytest.fixture
def enrolled_trainee(course, wave):
    """A trainee enrolled in a wave whose programme uses ``course``."""
    factories.CurriculumEntryFactory(programme=wave.programme, course=course)
    trainee = TraineeFactory()
    enrol(wave, trainee)
    return trainee
